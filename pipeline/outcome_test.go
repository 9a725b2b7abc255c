package pipeline

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/mrapguard/mrapguard/apply"
)

func TestSeverityOrder(t *testing.T) {
	order := []int{ExitOK, ExitChanges, ExitFindings, ExitUsage, ExitAWS, ExitRefused, ExitInterrupted}
	for i := range order {
		for j := range order {
			want := order[max(i, j)]
			if got := Worse(order[i], order[j]); got != want {
				t.Errorf("Worse(%d, %d) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
}

func TestExitCodeApplyErrors(t *testing.T) {
	callErr := &apply.CallError{Op: "GetMultiRegionAccessPoint", Subject: "demo", Code: "SlowDown", Err: errors.New("x")}
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"no such MRAP", fmt.Errorf("fetch: %w", apply.ErrNoSuchMRAP), ExitUsage},
		{"invalid input", fmt.Errorf("wait: %w", apply.ErrInvalidInput), ExitUsage},
		{"call failed", fmt.Errorf("fetch: %w", callErr), ExitAWS},
		{"operation failed", &apply.OperationError{TokenARN: "arn:x", Code: "AccessDenied"}, ExitAWS},
		{"verify failed", &apply.VerifyError{Name: "demo"}, ExitAWS},
		{"wait: polling failed", &apply.WaitError{TokenARN: "arn:x", Err: callErr}, ExitAWS},
		{"wait: timed out", &apply.WaitError{TokenARN: "arn:x", Err: context.DeadlineExceeded}, ExitAWS},
		{"wait: interrupted", &apply.WaitError{TokenARN: "arn:x", Err: context.Canceled}, ExitInterrupted},
		{"call interrupted", &apply.CallError{Op: "GetMultiRegionAccessPoint", Err: fmt.Errorf("send: %w", context.Canceled)}, ExitInterrupted},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.want {
			t.Errorf("%s: ExitCode = %d, want %d", tt.name, got, tt.want)
		}
	}
}
