package emulator

import (
	"sync/atomic"
	"time"
)

// Clock is a clock for Options.Now: real time plus an offset that only
// moves forward when Advance is called. Tests use it to end a propagation
// when they choose, instead of racing a short one. The zero value tells
// real time; a Clock is safe for concurrent use.
type Clock struct {
	offset atomic.Int64
}

// Now is real time plus the offset.
func (c *Clock) Now() time.Time {
	return time.Now().Add(time.Duration(c.offset.Load()))
}

// Advance moves the clock d ahead.
func (c *Clock) Advance(d time.Duration) {
	c.offset.Add(int64(d))
}
