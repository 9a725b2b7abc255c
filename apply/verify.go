package apply

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// replayAge: a FAILED operation created this long before our put cannot be
// the one we just submitted, whatever the skew between our clock and AWS's.
const replayAge = 10 * time.Minute

// Change is one policy transition to apply.
type Change struct {
	Account, Name string
	// Policy is the JSON to put.
	Policy string
	// LiveHash is the canonical hash of the Established policy the change
	// was planned against (NoLivePolicy if none); ProposedHash that of Policy.
	LiveHash, ProposedHash string
}

// VerifyOptions configure PutAndVerify.
type VerifyOptions struct {
	Wait WaitOptions
	// Hash returns the canonical hash of a policy as Change's hashes were
	// computed (policy.Document.Hash).
	Hash func(policyJSON string) (string, error)
	// MaxPuts bounds the puts, salted retries included (0: 3).
	MaxPuts int
	// OnPut, if set, is told each token ARN as soon as the put is accepted
	// (so an interrupted wait can be resumed).
	OnPut func(attempt int, tokenARN string)
}

// Applied is the outcome of a verified change.
type Applied struct {
	TokenARN  string
	Puts      int
	Operation *Operation
	Live      *Live
}

// PutAndVerify puts the change, waits for its operation and re-reads the
// MRAP until the proposed policy is Established. A SUCCEEDED operation whose
// policy is not in force means AWS replayed an old operation for a reused
// token (a transition made before, A→B→A→B): if the policy in force is still
// the one the change started from, it puts again with the token salted by the
// attempt number. If it is anything else, someone else changed it, and it
// stops with a *VerifyError rather than overwrite their change. Likewise a
// FAILED operation created well before the put (replayAge) is an earlier
// attempt's failure replayed, and the put is retried with a salted token; a
// fresh failure is returned as the *OperationError.
func (c *Client) PutAndVerify(ctx context.Context, ch Change, o VerifyOptions) (*Applied, error) {
	if o.Hash == nil {
		return nil, fmt.Errorf("verify options: no hash function: %w", ErrInvalidInput)
	}
	maxPuts := o.MaxPuts
	if maxPuts <= 0 {
		maxPuts = 3
	}
	now := o.Wait.Now
	if now == nil {
		now = time.Now
	}
	var established string
	for attempt := 0; attempt < maxPuts; attempt++ {
		putAt := now()
		token := Token(ch.Account, ch.Name, ch.LiveHash, ch.ProposedHash, attempt)
		arn, err := c.Put(ctx, ch.Account, ch.Name, ch.Policy, token)
		if err != nil {
			return nil, err
		}
		if o.OnPut != nil {
			o.OnPut(attempt, arn)
		}
		op, err := c.Wait(ctx, arn, o.Wait)
		var oe *OperationError
		if errors.As(err, &oe) && oe.Operation != nil && attempt+1 < maxPuts &&
			!oe.Operation.Created.IsZero() && oe.Operation.Created.Before(putAt.Add(-replayAge)) {
			// An old FAILED operation answered for a reused token: this
			// transition failed once before. Try it afresh.
			c.debug.printf("operation %s failed at %s, before this put: token reused by an earlier attempt, putting again with a salted token", arn, oe.Operation.Created.Format(time.RFC3339))
			continue
		}
		if err != nil {
			return nil, err
		}
		live, err := c.Fetch(ctx, ch.Account, ch.Name)
		if err != nil {
			return nil, err
		}
		established = NoLivePolicy
		if live.HasPolicy {
			if established, err = o.Hash(live.Established); err != nil {
				return nil, fmt.Errorf("hash the policy in force on %q: %w", ch.Name, err)
			}
		}
		switch established {
		case ch.ProposedHash:
			return &Applied{TokenARN: arn, Puts: attempt + 1, Operation: op, Live: live}, nil
		case ch.LiveHash:
			c.debug.printf("operation %s succeeded but the policy in force is unchanged: token reused by an earlier transition, putting again with a salted token", arn)
		default:
			return nil, &VerifyError{Account: ch.Account, Name: ch.Name, Attempts: attempt + 1,
				ProposedHash: ch.ProposedHash, EstablishedHash: established, Moved: true}
		}
	}
	return nil, &VerifyError{Account: ch.Account, Name: ch.Name, Attempts: maxPuts,
		ProposedHash: ch.ProposedHash, EstablishedHash: established}
}
