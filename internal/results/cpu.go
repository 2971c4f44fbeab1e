package results

import (
	"sync"
	"time"
)

// A CPUWatch knows how busy the machine has been lately, so that the
// workshop tool can tell a program that hangs from one that a busy machine
// has kept waiting: when a wait runs out while processors stood idle, the
// program was not kept from running.
type CPUWatch struct {
	mu      sync.Mutex
	samples []cpuSample // oldest first, at most keepSamples
}

// cpuSample is what the processors had done at one moment, in clock
// ticks: in all, and free (idle, or given to niced work).
type cpuSample struct {
	at          time.Time
	total, free uint64
	cpus        int
}

const (
	cpuSampleEvery = 250 * time.Millisecond
	keepSamples    = 80 // 20 seconds
)

func (w *CPUWatch) add(s cpuSample) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.samples) == keepSamples {
		w.samples = append(w.samples[:0], w.samples[1:]...)
	}
	w.samples = append(w.samples, s)
}

// FreeCores is how many processors stood free, on average, over the last
// span: 1.5 on a machine of four whose processors were busy five eighths
// of the time. ok is false when the samples do not cover the span yet.
func (w *CPUWatch) FreeCores(span time.Duration) (free float64, ok bool) {
	if w == nil {
		return 0, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.samples) < 2 {
		return 0, false
	}
	last := w.samples[len(w.samples)-1]
	first := w.samples[0]
	for _, s := range w.samples {
		if last.at.Sub(s.at) < span {
			break
		}
		first = s // the newest sample at least span old
	}
	if last.at.Sub(first.at) < span || last.total <= first.total {
		return 0, false
	}
	return float64(last.free-first.free) / float64(last.total-first.total) * float64(last.cpus), true
}
