#!/usr/bin/perl
# serial-ts.pl LOG OUT STOP: host timestamps for a QEMU serial log.
#
# Waits for LOG to appear (QEMU creates it), then follows it, polling
# every 2 ms, and writes each complete line to OUT as
# "SECONDS.MICROSECONDS<TAB>line" with the host time (gettimeofday) the
# line was first read; carriage returns are dropped.  Stops once the
# file STOP exists and LOG has nothing more to read.  The stamps are
# late by at most the poll interval plus QEMU's own write latency.
use strict;
use warnings;
use Time::HiRes qw(time sleep);

my ($log, $out, $stop) = @ARGV;
die "usage: serial-ts.pl LOG OUT STOP\n" unless defined $stop;
open(my $o, '>', $out) or die "serial-ts: $out: $!\n";
$o->autoflush(1);

my $fh;
until (open($fh, '<', $log)) {
	exit 0 if -e $stop;
	sleep 0.002;
}
binmode $fh;
my $partial = '';
my $draining = 0;
while (1) {
	my $n = sysread($fh, my $buf, 65536);
	if ($n) {
		my $t = sprintf('%.6f', time);
		$partial .= $buf;
		while ($partial =~ s/^([^\n]*)\n//) {
			(my $line = $1) =~ tr/\r//d;
			print $o "$t\t$line\n";
		}
		next;
	}
	last if $draining;
	# QEMU has exited once STOP exists: one more pass reads its last bytes.
	if (-e $stop) {
		$draining = 1;
		next;
	}
	sleep 0.002;
}
print $o sprintf('%.6f', time), "\t$partial\n" if length $partial;
