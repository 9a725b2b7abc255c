package emulator

import (
	"testing"
	"time"
)

func TestClockAdvance(t *testing.T) {
	var c Clock
	if d := time.Until(c.Now()); d > time.Second || d < -time.Second {
		t.Fatalf("zero Clock is %v away from real time", d)
	}
	c.Advance(2 * time.Hour)
	if d := time.Until(c.Now()); d < 2*time.Hour-time.Second || d > 2*time.Hour+time.Second {
		t.Fatalf("after Advance(2h) the clock is %v ahead, want about 2h", d)
	}
}
