# Stage 2 of the reaping scenario: start 100 short sleeps and exit at once,
# so they are orphans, re-parented to the nearest subreaper (the init);
# their PIDs go to $1.  (The ones that end while we still run are ours
# to reap: the init gets the rest.)
i=0
while [ $i -lt 100 ]; do
	sleep "0.$((2 + i % 3))" &
	echo $! >>"$1"
	i=$((i + 1))
done
