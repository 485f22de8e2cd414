// SPDX-License-Identifier: GPL-2.0
/*
 * p2mdump: the userspace command.  `p2mdump COMMAND ARGS...`; each command
 * is one row of the table below and runs with argv[0] == its name.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "dumphdr.h"
#include "estimate.h"
#include "load.h"
#include "save.h"
#include "status.h"

struct command {
	const char *name;
	const char *args;		/* usage after the name */
	const char *help;		/* one line */
	int (*run)(int argc, char **argv);	/* returns an exit status */
	bool hidden;			/* debugging: not in the usage */
};

static const struct command commands[] = {
	{ "load", LOAD_ARGS, LOAD_HELP, cmd_load, false },
	{ "status", STATUS_ARGS, STATUS_HELP, cmd_status, false },
	{ "unload", UNLOAD_ARGS, UNLOAD_HELP, cmd_unload, false },
	{ "save", SAVE_ARGS, SAVE_HELP, cmd_save, false },
	{ "estimate", ESTIMATE_ARGS, ESTIMATE_HELP, cmd_estimate, false },
	{ "dump-elfcorehdr", DUMPHDR_ARGS, DUMPHDR_HELP, cmd_dump_elfcorehdr,
	  true },
};

#define NR_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

/* Prints the usage of every command on @f. */
static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: p2mdump COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		if (!commands[i].hidden)
			fprintf(f, "  p2mdump %s%s%s\n      %s\n",
				commands[i].name, commands[i].args[0] ? " " : "",
				commands[i].args, commands[i].help);
	fprintf(f, "\n'p2mdump COMMAND --help' says more about one command.\n");
}

/* The command called @name, or NULL. */
static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		usage(stderr);
		return P2MDUMP_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return P2MDUMP_EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "p2mdump: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return P2MDUMP_EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
