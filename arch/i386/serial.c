// SPDX-License-Identifier: GPL-2.0
/* COM1, polled: interrupts stay off in the capture kernel. */
#include "machine.h"
#include "cpu.h"

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding */
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LSR_THRE	0x20
#define LCR_DLAB	0x80

/* 115200 8N1, FIFO on: what Linux's 8250 driver leaves too. */
void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + 0, 1);	/* divisor 1: 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + UART_LCR, 0x03);
	outb(COM1 + UART_FCR, 0x07);
	outb(COM1 + UART_MCR, 0x03);
}

void console_putc(char c)
{
	unsigned int spin;

	if (c == '\n')
		console_putc('\r');
	/* Bounded: a missing UART must not hang the capture kernel. */
	for (spin = 0; spin < 100000; spin++)
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
	outb(COM1 + UART_THR, (uint8_t)c);
}
