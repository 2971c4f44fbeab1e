package results

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"time"
)

// WatchCPU starts sampling how busy the machine's processors are, until
// ctx ends. It returns nil where that cannot be known: without
// /proc/stat, or in a control group whose CPU time is capped (a container
// with a CPU limit), where the machine's idle processors may not be ours.
func WatchCPU(ctx context.Context) *CPUWatch {
	if capped() {
		return nil
	}
	first, ok := readCPUTimes()
	if !ok {
		return nil
	}
	w := &CPUWatch{samples: []cpuSample{first}}
	go func() {
		tick := time.NewTicker(cpuSampleEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if s, ok := readCPUTimes(); ok {
					w.add(s)
				}
			}
		}
	}()
	return w
}

// readCPUTimes reads the first line of /proc/stat: the time all processors
// spent in each state, in clock ticks, since boot. Time spent on niced
// work counts as free: such work gives way to the grading.
func readCPUTimes() (cpuSample, bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuSample{}, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	var s cpuSample
	found := false
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) > 0 && fields[0] == "cpu":
			// user nice system idle iowait irq softirq steal (guest
			// time is already counted in user and nice)
			if len(fields) < 9 {
				return cpuSample{}, false
			}
			for i, f := range fields[1:9] {
				n, err := strconv.ParseUint(f, 10, 64)
				if err != nil {
					return cpuSample{}, false
				}
				s.total += n
				if i == 1 || i == 3 { // nice, idle
					s.free += n
				}
			}
			found = true
		case len(fields) > 0 && strings.HasPrefix(fields[0], "cpu"):
			s.cpus++
		}
	}
	s.at = time.Now()
	return s, found && s.cpus > 0
}

// capped reports whether this process's control group has a CPU limit
// (cgroup v2's cpu.max other than "max").
func capped() bool {
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if path, ok := strings.CutPrefix(line, "0::"); ok {
			limit, err := os.ReadFile("/sys/fs/cgroup" + strings.TrimSpace(path) + "/cpu.max")
			return err == nil && !strings.HasPrefix(string(limit), "max")
		}
	}
	return false
}
