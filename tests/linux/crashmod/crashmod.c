// SPDX-License-Identifier: GPL-2.0
/*
 * crashmod.ko: TEST ONLY.  Crashes the first kernel the way mode= says,
 * so that the panic path is tried from more places than `echo c`
 * (guest-init.sh p2mcrash=, tests/linux/t_crashes.sh):
 *
 *   mode=oops                NULL dereference in process context (the
 *                            guest sets panic_on_oops=1)
 *   mode=bug_timer           BUG() in a timer callback on cpu= (softirq)
 *   mode=bug_hrtimer         BUG() in a hard-irq hrtimer callback on cpu=
 *   mode=lockup              cpu= spins with interrupts off until an NMI
 *                            comes (the host's QMP inject-nmi, with
 *                            unknown_nmi_panic=1: TCG has no perf NMI
 *                            watchdog)
 *   mode=panic_irqoff_other  the other CPU spins with interrupts off,
 *                            then cpu= calls panic()
 *   mode=double_panic        both CPUs call panic() at the same moment
 *   mode=io                  panic() on cpu= (the guest keeps disk I/O in
 *                            flight on another disk)
 *   mode=stack_overflow      endless recursion in insmod on cpu= until the
 *                            stack's guard page: a double fault, "stack
 *                            guard page was hit", die() on the #DF stack
 *                            (the guest sets panic_on_oops=1)
 *
 * The process-context modes run in insmod itself, which the guest pins to
 * cpu= (taskset); the other CPU's part runs in a kthread bound to it.  Each
 * crash happens in a function named crashmod_<what>, which crash's `bt`
 * must show.  One line for the host first:
 *
 *   P2MTEST-CRASHMOD mode=M cpu=N other=O
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/timer.h>

static char *mode = "";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "oops, bug_timer, bug_hrtimer, lockup, panic_irqoff_other, double_panic, io or stack_overflow");
static unsigned int cpu;
module_param(cpu, uint, 0444);
MODULE_PARM_DESC(cpu, "the CPU that crashes (insmod must run there)");

#define ARRIVE_TIMEOUT_MS	5000	/* for the other CPU's kthread */

/*
 * panic() through a pointer that is not __noreturn, and a barrier after
 * it (no tail call): the crashmod_* function keeps its frame, and the
 * return address crash reads off the stack stays inside it.  After a
 * noreturn call that ends a function it is the next function's first
 * byte, and crash names that one (seen: start_other instead of
 * crashmod_panic_irqoff_other); a tail call leaves no frame at all.
 */
static void (*volatile panic_ptr)(const char *fmt, ...) = panic;
#define crashmod_panic(...)	do { panic_ptr(__VA_ARGS__); barrier(); } while (0)

static struct timer_list crash_timer;
static struct hrtimer crash_hrtimer;
static atomic_t arrived = ATOMIC_INIT(0);	/* CPUs at the meeting point */

/* Spins forever with interrupts off: only an NMI gets this CPU out. */
static noinline void crashmod_spin_irqoff(void)
{
	local_irq_disable();
	atomic_inc(&arrived);
	for (;;)
		cpu_relax();
}

static noinline void crashmod_oops(void)
{
	int *volatile p = NULL;	/* volatile: a real load of address 0 */

	*p = 1;
}

/*
 * Recurses until the guard page below the (vmap'ed) task stack: the write
 * there faults, the CPU cannot push the page fault's frame either, and the
 * double fault handler, on its own IST stack, reports the overflow and
 * dies.  The add after the call keeps it from being a tail call, the
 * volatile frame from being optimised away; depth only bounds it for the
 * compiler, the stack ends long before.
 */
static noinline unsigned int crashmod_stack_overflow(unsigned int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth == UINT_MAX)
		return frame[0];
	return crashmod_stack_overflow(depth + 1) + frame[0];
}

static void crashmod_bug_timer(struct timer_list *t)
{
	BUG();
}

static enum hrtimer_restart crashmod_bug_hrtimer(struct hrtimer *t)
{
	BUG();
}

/* Runs on cpu (smp_call_function_single): the hrtimer is pinned there. */
static void arm_hrtimer_here(void *unused)
{
	hrtimer_start(&crash_hrtimer, ms_to_ktime(10), HRTIMER_MODE_REL_PINNED_HARD);
}

/* Both CPUs call this; they meet, then panic together. */
static noinline void crashmod_double_panic(void)
{
	atomic_inc(&arrived);
	while (atomic_read(&arrived) < 2)
		cpu_relax();
	crashmod_panic("crashmod: double_panic on CPU %d", raw_smp_processor_id());
}

static noinline void crashmod_panic_irqoff_other(unsigned int other)
{
	mdelay(100);	/* well into its spin */
	crashmod_panic("crashmod: panic_irqoff_other: CPU %u spins with interrupts off", other);
}

static noinline void crashmod_panic_io(void)
{
	crashmod_panic("crashmod: io: panic with disk I/O in flight");
}

static int other_spin(void *unused)
{
	crashmod_spin_irqoff();
	return 0;
}

static int other_double_panic(void *unused)
{
	crashmod_double_panic();
	return 0;
}

/* Starts @fn in a kthread on @other and waits until it has arrived. */
static int start_other(unsigned int other, int (*fn)(void *))
{
	struct task_struct *t;
	int ms;

	t = kthread_create_on_cpu(fn, NULL, other, "crashmod/%u");
	if (IS_ERR(t))
		return PTR_ERR(t);
	wake_up_process(t);
	for (ms = 0; ms < ARRIVE_TIMEOUT_MS && !atomic_read(&arrived); ms++)
		msleep(1);
	return atomic_read(&arrived) ? 0 : -ETIMEDOUT;
}

/* The online CPU that is not cpu, or nr_cpu_ids. */
static unsigned int other_cpu(void)
{
	unsigned int c;

	for_each_online_cpu(c)
		if (c != cpu)
			return c;
	return nr_cpu_ids;
}

/* The modes that crash from a timer: insmod returns, the timer fires. */
static int arm_timers(void)
{
	if (!strcmp(mode, "bug_timer")) {
		timer_setup(&crash_timer, crashmod_bug_timer, TIMER_PINNED);
		crash_timer.expires = jiffies + 1;
		add_timer_on(&crash_timer, cpu);
		return 0;
	}
	hrtimer_init(&crash_hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	crash_hrtimer.function = crashmod_bug_hrtimer;
	return smp_call_function_single(cpu, arm_hrtimer_here, NULL, 1);
}

/* The modes that crash in insmod on cpu, with the other CPU's part first. */
static int crash_here(unsigned int other)
{
	int err;

	if (!strcmp(mode, "oops"))
		crashmod_oops();
	else if (!strcmp(mode, "lockup"))
		crashmod_spin_irqoff();
	else if (!strcmp(mode, "io"))
		crashmod_panic_io();
	else if (!strcmp(mode, "stack_overflow"))
		crashmod_stack_overflow(0);
	else if (!strcmp(mode, "panic_irqoff_other")) {
		err = start_other(other, other_spin);
		if (err)
			return err;
		crashmod_panic_irqoff_other(other);
	} else if (!strcmp(mode, "double_panic")) {
		err = start_other(other, other_double_panic);
		if (err)
			return err;
		crashmod_double_panic();
	}
	return -EINVAL;
}

static int __init crashmod_init(void)
{
	unsigned int other = other_cpu(), here = raw_smp_processor_id();

	if (cpu >= nr_cpu_ids || !cpu_online(cpu) || other >= nr_cpu_ids)
		return -EINVAL;
	pr_info("P2MTEST-CRASHMOD mode=%s cpu=%u other=%u insmod_cpu=%u\n",
		mode, cpu, other, here);
	if (!strcmp(mode, "bug_timer") || !strcmp(mode, "bug_hrtimer"))
		return arm_timers();
	if (here != cpu) {
		pr_err("crashmod: insmod runs on CPU %u, not %u (taskset -c %u)\n",
		       here, cpu, cpu);
		return -EINVAL;
	}
	return crash_here(other);
}
module_init(crashmod_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("p2mdump test: crashes the kernel in a chosen way");
