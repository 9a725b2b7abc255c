package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// gcPercent reads the GC percent without setting it: a read through
// debug.SetGCPercent would race with manageGC's switch, which runs in a
// finalizer, and could undo it.
func gcPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// manageGC keeps the collector off while the live heap is small, and hands
// over to Go's default once the live heap passes half the limit, so a big
// input cannot make the collector run back to back.
func TestManageGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	manageGC()
	runtime.GC()
	runtime.GC()
	if p := gcPercent(); p != -1 {
		t.Fatalf("with a small live heap, GC percent = %d, want -1 (collector off up to the limit)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != memoryLimit {
		t.Fatalf("memory limit = %d, want %d", l, memoryLimit)
	}

	live := make([][]byte, 0, 64)
	for range (memoryLimit / 2 / (1 << 20)) + 8 {
		live = append(live, make([]byte, 1<<20))
	}
	deadline := time.Now().Add(30 * time.Second)
	for gcPercent() != 100 {
		if time.Now().After(deadline) {
			t.Fatal("the live heap passed half the limit, but the collector did not switch to GOGC=100")
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit after the switch = %d, want none", l)
	}
	runtime.KeepAlive(live)
}
