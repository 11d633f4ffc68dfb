# Stage 1 of the reaping scenario (tini: test/reaping/stage_1.py), run by
# the init as its direct child: reap2.sh leaves 100 orphans; then wait until
# the init ($PPID) has no child but us, so every orphan came to the init
# and was reaped, and check that nothing of our process group is left but
# us and the init.  $1 (optional): file for the orphans' PIDs.
# Exit 0: reaped.  Exit 1: left, with what is left on stdout.  (Sleeps of 0.2-0.4 s where tini's last 1-3 s: same scenario,
# a tenth of the time.)
init=$PPID
sh "$(dirname "$0")/reap2.sh" "${1:-/dev/null}"
n=0
while :; do
	read -r kids <"/proc/$init/task/$init/children"
	[ "$kids" = "$$" ] && break
	n=$((n + 1))
	if [ $n -gt 100 ]; then
		echo "children of the init: $kids"
		exit 1
	fi
	sleep 0.1
done
read -r line <"/proc/$$/stat"
# shellcheck disable=SC2086 # the fields after the command name
set -- ${line##*) }
group=$3
left=
for f in /proc/[0-9]*/stat; do
	read -r line 2>/dev/null <"$f" || continue
	pid=${line%% *}
	# shellcheck disable=SC2086
	set -- ${line##*) }
	[ "$3" = "$group" ] && [ "$pid" != $$ ] && [ "$pid" != "$init" ] && left="$left $pid:$1"
done
[ -z "$left" ] && exit 0
echo "left in our group:$left"
exit 1
