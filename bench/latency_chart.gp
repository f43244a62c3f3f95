# Draws the latency chart of docs/benchmarks.md: median CPU time per publish decision
# against the rule count, log-log. bench/write_report.py writes the data files and runs
#   gnuplot -e "data_dir='DIR'; output='FILE.png'" bench/latency_chart.gp
# Each data file has the size in column 1 and one series per further column; '?' marks
# a value that was not measured.

set terminal pngcairo size 1200,720 font "sans,11"
set output output
set title "publish decision: median CPU ns per decision, one thread (Cedar: wall time)"
set logscale xy
set xlabel "rules (realistic), users (users), pattern lines (patterns)"
set ylabel "ns per decision"
set format x "10^{%L}"
set format y "10^{%L}"
set xrange [50:200000]
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key outside right top box
set datafile missing "?"

realistic = data_dir . "/realistic.dat"
users = data_dir . "/users.dat"
patterns = data_dir . "/patterns.dat"

plot realistic using 1:2 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "mqauthz uncached (realistic)", \
     realistic using 1:3 with linespoints lw 2 pt 5 lc rgb "#17becf" title "mqauthz cached (realistic)", \
     realistic using 1:4 with linespoints lw 2 pt 9 lc rgb "#d62728" title "reference evaluator (realistic)", \
     realistic using 1:5 with linespoints lw 2 pt 13 lc rgb "#7f7f7f" title "exact-match hash (realistic)", \
     realistic using 1:6 with linespoints lw 2 pt 11 lc rgb "#9467bd" title "Cedar (realistic)", \
     users using 1:2 with linespoints lw 2 dt 2 pt 6 lc rgb "#1f77b4" title "mqauthz uncached (users)", \
     users using 1:3 with linespoints lw 2 dt 2 pt 4 lc rgb "#ff7f0e" title "Mosquitto-style (users)", \
     patterns using 1:2 with linespoints lw 2 dt 3 pt 6 lc rgb "#2ca02c" title "mqauthz uncached (patterns)", \
     patterns using 1:3 with linespoints lw 2 dt 3 pt 4 lc rgb "#8c564b" title "Mosquitto-style (patterns)"
