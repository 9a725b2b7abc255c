package apply

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// replayAge: a FAILED operation created this long before our put cannot be
// the one we just submitted, whatever the skew between our clock and AWS's.
// It applies only when AWS's answer carries no Date header; otherwise the
// times are compared on AWS's own clock: a fresh operation is created while
// the put is being answered, that is at most the put's round trip before
// the answer's Date, so one created earlier than that (less replaySlack for
// the one-second resolution of both times) was an earlier attempt's. A
// rerun shortly after a failure is thus told apart from a new failure
// unless it comes within about a second plus the round trip.
const (
	replayAge   = 10 * time.Minute
	replaySlack = time.Second
)

// maxTokens bounds the tokens one PutAndVerify tries, replayed ones
// included: every rerun of a transition meets the operations of the runs
// before it first (a transition that failed before, or one made again in
// a cycle A→B→A→B), and replays do not count against VerifyOptions.MaxPuts.
const maxTokens = 64

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
	// MaxPuts bounds the puts that make a new operation (0: 3). Puts that
	// AWS answers with an operation from before (a reused token, told by
	// its creation time) do not count; at most maxTokens are tried.
	MaxPuts int
	// OnPut, if set, is told each token ARN as soon as the put is accepted
	// (so an interrupted wait can be resumed).
	OnPut func(attempt int, tokenARN string)
}

// Applied is the outcome of a verified change.
type Applied struct {
	TokenARN string
	// Puts counts the tokens tried; Replays those AWS answered with an
	// operation from before (a transition made or failed earlier), which
	// changed nothing.
	Puts      int
	Replays   int
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
//
// A SUCCEEDED operation whose policy is still only Proposed is AWS's read
// path lagging: it reads again until the policy is in force or ctx ends (a
// *WaitError with the token ARN, so the caller can offer to resume).
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
	puts, replays := 0, 0
	attempt := 0
	for ; puts < maxPuts && attempt < maxTokens; attempt++ {
		putAt := now()
		token := Token(ch.Account, ch.Name, ch.LiveHash, ch.ProposedHash, attempt)
		arn, serverAt, err := c.put(ctx, ch.Account, ch.Name, ch.Policy, token)
		if err != nil {
			return nil, err
		}
		rtt := now().Sub(putAt)
		if o.OnPut != nil {
			o.OnPut(attempt, arn)
		}
		op, err := c.Wait(ctx, arn, o.Wait)
		var oe *OperationError
		if errors.As(err, &oe) && oe.Operation != nil && replayed(oe.Operation.Created, serverAt, putAt, rtt) {
			// An old FAILED operation answered for a reused token: this
			// transition failed once before. Try it afresh; the replay
			// does not count as a put.
			c.debug.printf("operation %s failed at %s, before this put: token reused by an earlier attempt, putting again with a salted token", arn, oe.Operation.Created.Format(time.RFC3339))
			replays++
			continue
		}
		if err != nil {
			return nil, err
		}
		live, est, err := c.awaitEstablished(ctx, ch.Account, ch.Name, ch.ProposedHash, o)
		if err != nil {
			return nil, withToken(err, arn)
		}
		established = est
		switch established {
		case ch.ProposedHash:
			return &Applied{TokenARN: arn, Puts: attempt + 1, Replays: replays, Operation: op, Live: live}, nil
		case ch.LiveHash:
			c.debug.printf("operation %s succeeded but the policy in force is unchanged: token reused by an earlier transition, putting again with a salted token", arn)
			// A replay of an operation from before this put does not count;
			// a fresh operation that changed nothing does.
			// It changed nothing, so it was an earlier operation; only
			// one that is not provably older counts against MaxPuts.
			replays++
			if op == nil || !replayed(op.Created, serverAt, putAt, rtt) {
				puts++
			}
		default:
			return nil, &VerifyError{Account: ch.Account, Name: ch.Name, Attempts: attempt + 1,
				ProposedHash: ch.ProposedHash, EstablishedHash: established, Moved: true}
		}
	}
	return nil, &VerifyError{Account: ch.Account, Name: ch.Name, Attempts: attempt,
		ProposedHash: ch.ProposedHash, EstablishedHash: established}
}

// withToken makes a wait that ended while verifying resumable: the caller
// learns the operation's ARN from the *WaitError.
func withToken(err error, arn string) error {
	var we *WaitError
	if errors.As(err, &we) || ctxDone(err) == nil {
		return err
	}
	return &WaitError{TokenARN: arn, LastStatus: StatusSucceeded, Err: err}
}

func ctxDone(err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	}
	return nil
}

// hashOf is the canonical hash of the policy in force, or NoLivePolicy.
func hashOf(live *Live, hash func(string) (string, error)) (string, error) {
	if !live.HasPolicy {
		return NoLivePolicy, nil
	}
	h, err := hash(live.Established)
	if err != nil {
		return "", fmt.Errorf("hash the policy in force on %q: %w", live.Name, err)
	}
	return h, nil
}

// awaitEstablished reads the MRAP until the policy in force is the one
// with proposedHash, or until it is clear that it will not become so. AWS
// may report an operation SUCCEEDED a moment before reads show its policy
// as Established; while Proposed is still the proposed policy, that is
// what is happening, so it reads again (backing off like Wait) until ctx
// ends. It returns the last state read and its Established hash.
func (c *Client) awaitEstablished(ctx context.Context, account, name, proposedHash string, o VerifyOptions) (*Live, string, error) {
	sleep, interval, maxInterval := o.Wait.Sleep, o.Wait.MinInterval, o.Wait.MaxInterval
	if sleep == nil {
		sleep = SleepContext
	}
	if interval <= 0 {
		interval = DefaultMinInterval
	}
	if maxInterval < interval {
		maxInterval = max(DefaultMaxInterval, interval)
	}
	for {
		live, err := c.Fetch(ctx, account, name)
		if err != nil {
			return nil, "", err
		}
		established, err := hashOf(live, o.Hash)
		if err != nil {
			return nil, "", err
		}
		if established == proposedHash || !live.HasProposed {
			return live, established, nil
		}
		if ph, err := o.Hash(live.Proposed); err != nil || ph != proposedHash {
			return live, established, nil
		}
		c.debug.printf("policy of %q: proposed policy not yet in force, reading again", name)
		if err := sleep(ctx, interval); err != nil {
			return nil, "", err
		}
		interval = min(interval*2, maxInterval)
	}
}

// Verify reads the MRAP until the policy with proposedHash is in force (see
// PutAndVerify on the delay AWS may show) and returns what it read. If
// another policy is in force, it returns a *VerifyError; it never puts. It
// is how a resumed wait checks the outcome of an operation.
func (c *Client) Verify(ctx context.Context, account, name, proposedHash string, o VerifyOptions) (*Live, error) {
	if o.Hash == nil {
		return nil, fmt.Errorf("verify options: no hash function: %w", ErrInvalidInput)
	}
	live, established, err := c.awaitEstablished(ctx, account, name, proposedHash, o)
	if err != nil {
		return nil, err
	}
	if established != proposedHash {
		return live, &VerifyError{Account: account, Name: name, ProposedHash: proposedHash, EstablishedHash: established}
	}
	return live, nil
}

// InFlight reports whether another change to the MRAP's policy is in
// flight: AWS reports a Proposed policy that is not the one in force. It
// returns the Proposed policy's canonical hash.
func InFlight(live *Live, hash func(string) (string, error)) (bool, string, error) {
	if !live.HasProposed {
		return false, "", nil
	}
	ph, err := hash(live.Proposed)
	if err != nil {
		return false, "", fmt.Errorf("hash the proposed policy of %q: %w", live.Name, err)
	}
	established, err := hashOf(live, hash)
	if err != nil {
		return false, "", err
	}
	return ph != established, ph, nil
}

// WaitPending reads the MRAP until no other change is in flight (see
// InFlight), backing off like Wait, and returns the settled state. It
// reports progress through o.Wait.Progress with an empty TokenARN (AWS does
// not say which operation is in flight) and Status "IN_FLIGHT". If ctx
// ends first, the error wraps ctx's error.
func (c *Client) WaitPending(ctx context.Context, account, name string, o VerifyOptions) (*Live, error) {
	if o.Hash == nil {
		return nil, fmt.Errorf("verify options: no hash function: %w", ErrInvalidInput)
	}
	w := o.Wait.withDefaults()
	start := w.Now()
	interval := w.MinInterval
	for polls := 1; ; polls++ {
		live, err := c.Fetch(ctx, account, name)
		if err != nil {
			return nil, err
		}
		busy, _, err := InFlight(live, o.Hash)
		if err != nil || !busy {
			return live, err
		}
		if w.Progress != nil {
			w.Progress(Progress{Status: StatusInFlight, Elapsed: w.Now().Sub(start), Polls: polls})
		}
		if err := w.Sleep(ctx, interval); err != nil {
			return nil, fmt.Errorf("wait for the change in flight on %q: %w", name, err)
		}
		interval = min(interval*2, w.MaxInterval)
	}
}

// StatusInFlight is the Progress status WaitPending reports.
const StatusInFlight = "IN_FLIGHT"

// replayed reports whether an operation created at created cannot be the
// one a put just made: see replaySlack and replayAge.
func replayed(created, serverAt, putAt time.Time, rtt time.Duration) bool {
	switch {
	case created.IsZero():
		return false
	case !serverAt.IsZero():
		return created.Before(serverAt.Add(-max(rtt, 0) - replaySlack))
	}
	return created.Before(putAt.Add(-replayAge))
}
