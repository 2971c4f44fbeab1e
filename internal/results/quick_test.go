package results

import (
	"strings"
	"testing"
	"time"

	model "example.com/tcpworkshop/internal/lesson"
)

// TestLeadKnown follows a lesson's scripts as they end and checks when the
// grading may stop: only once nothing still running could lead.
func TestLeadKnown(t *testing.T) {
	l := &model.Lesson{Slug: "01-x", ScriptOrder: []string{"time.txtar", "wire.txtar", "hostile.txtar"}}
	wrongTranscript := &Failure{Script: "wire.txtar", Message: "the program's standard output does not match",
		Commands: []string{"dial 127.0.0.1:$PORT readall", "transcript stdout wire.txt"}}
	rawError := &Failure{Script: "wire.txtar", Message: "read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer",
		Commands: []string{"dial 127.0.0.1:$PORT readall"}}
	relayed := &Failure{Script: "wire.txtar", Message: "the program's standard output does not match",
		Commands: []string{"start server server", "run client -port $PORT", "transcript stdout client.txt"}}
	for _, tc := range []struct {
		name  string
		ended map[string]string // script → action; the others are still running
		lead  *Failure
		stop  bool
	}{
		{"an earlier script still runs", map[string]string{"wire": "fail"}, wrongTranscript, false},
		{"the earlier scripts have passed", map[string]string{"time": "pass", "wire": "fail"}, wrongTranscript, true},
		{"the first script fails", map[string]string{"time": "fail"}, &Failure{Script: "time.txtar", Message: "x"}, true},
		{"a raw network error waits for the rest", map[string]string{"time": "pass", "wire": "fail"}, rawError, false},
		{"a client that relays the server waits", map[string]string{"time": "pass", "wire": "fail"}, relayed, false},
		{"a script outside the order waits", map[string]string{"time": "pass", "other": "fail"}, &Failure{Script: "other.txtar", Message: "x"}, false},
		{"only passes", map[string]string{"time": "pass", "wire": "pass"}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lr := &LessonRun{Slug: l.Slug}
			for _, name := range []string{"time", "wire", "hostile", "other"} {
				lr.test("TestLesson/" + name).Action = tc.ended[name]
			}
			failures := func(*LessonRun) []*Failure {
				if tc.lead == nil {
					return nil
				}
				return []*Failure{tc.lead}
			}
			stop := leadKnown(l, failures)
			run := &Run{Lessons: map[string]*LessonRun{l.Slug: lr}}
			if got := stop(run); got != tc.stop {
				t.Errorf("stop = %v, want %v", got, tc.stop)
			}
		})
	}
}

// TestBusyFailures checks which failures are graded again with the full
// waits: a short wait that ran out while no processor stood free.
func TestBusyFailures(t *testing.T) {
	start := time.Now()
	busyCPU := &CPUWatch{}
	freeCPU := &CPUWatch{}
	for i := 0; i <= 4; i++ {
		at := start.Add(time.Duration(i) * time.Second)
		busyCPU.add(cpuSample{at: at, total: uint64(200 * i), free: uint64(10 * i), cpus: 2})
		freeCPU.add(cpuSample{at: at, total: uint64(200 * i), free: uint64(150 * i), cpus: 2})
	}
	waited := &Failure{Script: "wire.txtar", Message: "waited 3s for the other side to close the connection"}
	wrong := &Failure{Script: "wire.txtar", Message: "the program's standard output does not match"}
	for _, tc := range []struct {
		name string
		cpu  *CPUWatch
		lead *Failure
		want bool
	}{
		{"a wait ran out on a busy machine", busyCPU, waited, true},
		{"a wait ran out with processors free", freeCPU, waited, false},
		{"a wrong transcript on a busy machine", busyCPU, wrong, false},
	} {
		lr := &LessonRun{Slug: "01-x"}
		lr.test("TestLesson/wire").Action = "fail"
		b := busyFailures(tc.cpu)
		if !b.note(lr) || b.note(lr) {
			t.Errorf("%s: a new failure is noted once", tc.name)
		}
		if got := b.unconfirmed(lr, []*Failure{tc.lead}); got != tc.want {
			t.Errorf("%s: graded again = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRanOut(t *testing.T) {
	for msg, want := range map[string]bool{
		"waited 3s for server to print a line":             true,
		"5 of 9 bytes came back, then nothing more for 3s": true,
		"waited 13s for server":                            false,
		"waited 10s for server":                            false,
		"the server sent 3 bytes":                          false,
		"read tcp: i/o timeout after 2.3s idle":            false,
	} {
		if got := (&Failure{Message: msg}).ranOut(3 * time.Second); got != want {
			t.Errorf("ranOut(%q) = %v, want %v", msg, got, want)
		}
	}
}

func TestFreeCores(t *testing.T) {
	var w *CPUWatch
	if _, ok := w.FreeCores(time.Second); ok {
		t.Error("a nil watch knows how busy the machine is")
	}
	start := time.Now()
	w = &CPUWatch{}
	// Two processors, 100 ticks a second each: the first second half
	// free, the next two seconds all busy.
	w.add(cpuSample{at: start, total: 0, free: 0, cpus: 2})
	w.add(cpuSample{at: start.Add(time.Second), total: 200, free: 100, cpus: 2})
	w.add(cpuSample{at: start.Add(2 * time.Second), total: 400, free: 100, cpus: 2})
	w.add(cpuSample{at: start.Add(3 * time.Second), total: 600, free: 100, cpus: 2})
	if free, ok := w.FreeCores(2 * time.Second); !ok || free != 0 {
		t.Errorf("last 2s: %v free cores (ok %v), want 0", free, ok)
	}
	if free, ok := w.FreeCores(3 * time.Second); !ok || free < 0.33 || free > 0.34 {
		t.Errorf("last 3s: %v free cores (ok %v), want 1/3", free, ok)
	}
	if _, ok := w.FreeCores(4 * time.Second); ok {
		t.Error("4s known from 3s of samples")
	}
}

// TestStopReadingEvents checks that the reader of go test's events stops
// at the first test end that its stop function accepts.
func TestStopReadingEvents(t *testing.T) {
	pkg := ModulePath + "/lessons/01-x"
	stream := strings.Join([]string{
		`{"Action":"run","Package":"` + pkg + `","Test":"TestLesson"}`,
		`{"Action":"run","Package":"` + pkg + `","Test":"TestLesson/time"}`,
		`{"Action":"run","Package":"` + pkg + `","Test":"TestLesson/wire"}`,
		`{"Action":"pass","Package":"` + pkg + `","Test":"TestLesson/time"}`,
		`{"Action":"fail","Package":"` + pkg + `","Test":"TestLesson/wire"}`,
		`{"Action":"fail","Package":"` + pkg + `","Test":"TestLesson"}`,
	}, "\n")
	ends := 0
	run, err := parseTestEventsUntil(strings.NewReader(stream), -1, func(run *Run) bool {
		ends++
		return run.Lessons["01-x"].Tests["TestLesson/wire"].Action == "fail"
	})
	if err != errStopped || ends != 2 {
		t.Fatalf("err %v after %d ends; want errStopped after 2", err, ends)
	}
	if a := run.Lessons["01-x"].Tests["TestLesson"]; a != nil && a.Action != "" {
		t.Errorf("read past the stop: TestLesson is %q", a.Action)
	}
	if got := Classify(run.Lessons["01-x"], false); got != Failing {
		t.Errorf("a run stopped at a failure is %v, want fail", got)
	}
}

// TestCurrentKnown follows the lessons' tests as they end and checks when
// check, with no lesson named, may stop: once every lesson before the
// current one has passed and the current one's verdict is known.
func TestCurrentKnown(t *testing.T) {
	one := &model.Lesson{Slug: "01-x", ScriptOrder: []string{"time.txtar", "wire.txtar"}}
	two := &model.Lesson{Slug: "02-y", ScriptOrder: []string{"echo.txtar", "hostile.txtar"}}
	lead := &Failure{Script: "echo.txtar", Message: "the program's standard output does not match",
		Commands: []string{"dial 127.0.0.1:$PORT readall", "transcript stdout echo.txt"}}
	failures := func(*model.Lesson) func(*LessonRun) []*Failure {
		return func(lr *LessonRun) []*Failure {
			if t := lr.Tests["TestLesson/echo"]; t != nil && t.Action == "fail" {
				return []*Failure{lead}
			}
			return nil
		}
	}
	for _, tc := range []struct {
		name  string
		ended map[string]string // "slug/test" → action; lessons without one have not started
		stop  bool
	}{
		{"nothing has ended", map[string]string{}, false},
		{"the first lesson still runs", map[string]string{"02-y/TestLesson/echo": "fail"}, false},
		{"the first lesson fails", map[string]string{"01-x/TestLesson": "fail"}, true},
		{"the first lesson is not started", map[string]string{"01-x/TestLesson": "skip"}, true},
		{"the first passes, the second is not started", map[string]string{"01-x/TestLesson": "pass", "02-y/TestLesson": "skip"}, true},
		{"the first passes, the second's lead is known", map[string]string{"01-x/TestLesson": "pass", "02-y/TestLesson/echo": "fail"}, true},
		{"the first passes, the second has only passes so far", map[string]string{"01-x/TestLesson": "pass", "02-y/TestLesson/echo": "pass"}, false},
		{"every lesson passes", map[string]string{"01-x/TestLesson": "pass", "02-y/TestLesson": "pass"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := &Run{Lessons: map[string]*LessonRun{}}
			for key, action := range tc.ended {
				slug, test, _ := strings.Cut(key, "/")
				lr := run.Lessons[slug]
				if lr == nil {
					lr = &LessonRun{Slug: slug}
					run.Lessons[slug] = lr
				}
				lr.test(test).Action = action
			}
			if got := currentKnown([]*model.Lesson{one, two}, failures)(run); got != tc.stop {
				t.Errorf("stop = %v, want %v", got, tc.stop)
			}
		})
	}
}
