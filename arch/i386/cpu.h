/* SPDX-License-Identifier: GPL-2.0 */
/* Every inline-asm instruction the i386 code uses lives in this header. */
#ifndef ARCH_I386_CPU_H
#define ARCH_I386_CPU_H

#include <stdint.h>

#define CR0_PE		(1u << 0)
#define CR0_ET		(1u << 4)
#define CR0_WP		(1u << 16)
#define CR0_PG		(1u << 31)
#define CR4_PAE		(1u << 5)
#define MSR_EFER	0xC0000080u
#define EFER_NXE	(1u << 11)

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Orders our stores to DMA memory before the device is told to look. */
static inline void mb(void)
{
	asm volatile("lock; addl $0, 0(%%esp)" : : : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a,
			 uint32_t *b, uint32_t *c, uint32_t *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(sub));
}

static inline void cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

static inline uint32_t read_cr0(void)
{
	uint32_t v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(uint32_t v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint32_t read_cr2(void)
{
	uint32_t v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint32_t read_cr3(void)
{
	uint32_t v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint32_t v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint32_t read_cr4(void)
{
	uint32_t v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(uint32_t v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

/* A full TLB flush: CR4.PGE is off, so reloading CR3 drops everything. */
static inline void flush_tlb_all(void)
{
	write_cr3(read_cr3());
}

static inline void invlpg(uint32_t vaddr)
{
	asm volatile("invlpg (%0)" : : "r"(vaddr) : "memory");
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
		     "d"((uint32_t)(v >> 32)) : "memory");
}

struct __attribute__((packed)) desc_ptr {
	uint16_t limit;
	uint32_t base;
};

static inline void lgdt(const struct desc_ptr *d)
{
	asm volatile("lgdt %0" : : "m"(*d));
}

static inline void lidt(const struct desc_ptr *d)
{
	asm volatile("lidt %0" : : "m"(*d));
}

/* The GDT this CPU runs on: each helper CPU has its own page. */
static inline uint32_t sgdt_base(void)
{
	struct desc_ptr d;

	asm volatile("sgdt %0" : "=m"(d));
	return d.base;
}

/* Reloads every segment register from a freshly loaded GDT. */
static inline void load_segments(uint16_t code, uint16_t data)
{
	asm volatile("pushl %0\n\t"
		     "pushl $1f\n\t"
		     "lret\n"
		     "1:\n\t"
		     "mov %1, %%ds\n\t"
		     "mov %1, %%es\n\t"
		     "mov %1, %%fs\n\t"
		     "mov %1, %%gs\n\t"
		     "mov %1, %%ss"
		     : : "r"((uint32_t)code), "r"(data) : "memory");
}

static inline void cli(void)
{
	asm volatile("cli");
}

static inline void breakpoint(void)
{
	asm volatile("int3");
}

static inline void halt(void)
{
	asm volatile("hlt");
}

/*
 * Writes a 64-bit PTE so the hardware never sees a torn entry: clear the
 * low half (P=0) first, then the high half, then the low half.
 */
static inline void write_pte64(volatile uint64_t *ptep, uint64_t val)
{
	volatile uint32_t *half = (volatile uint32_t *)ptep;

	half[0] = 0;
	half[1] = (uint32_t)(val >> 32);
	half[0] = (uint32_t)val;
}

#endif
