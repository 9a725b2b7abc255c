package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// stateVersion is bumped when the state file format changes incompatibly.
const stateVersion = 1

// state is everything the emulator remembers; it is also the state file.
type state struct {
	Version  int                 `json:"version"`
	Accounts map[string]*account `json:"accounts"`
}

type account struct {
	MRAPs map[string]*mrap `json:"mraps"`
	// Ops in creation order: settling applies them in that order.
	Ops []*operation `json:"operations"`
	// Tokens remembers every ClientToken AWS would still deduplicate.
	Tokens map[string]tokenRecord `json:"tokens"`

	byARN map[string]*operation
}

type tokenRecord struct {
	Fingerprint string `json:"fingerprint"`
	TokenARN    string `json:"token_arn"`
}

type mrap struct {
	Name        string    `json:"name"`
	Alias       string    `json:"alias"`
	CreatedAt   time.Time `json:"created_at"`
	ReadyAt     time.Time `json:"ready_at"`
	PAB         pab       `json:"public_access_block"`
	Regions     []region  `json:"regions"`
	Established *string   `json:"established,omitempty"`
	Proposed    *string   `json:"proposed,omitempty"`
}

type pab struct {
	BlockPublicAcls       bool `json:"block_public_acls"`
	IgnorePublicAcls      bool `json:"ignore_public_acls"`
	BlockPublicPolicy     bool `json:"block_public_policy"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets"`
}

type region struct {
	Bucket          string `json:"bucket"`
	BucketAccountID string `json:"bucket_account_id,omitempty"`
	Region          string `json:"region"`
}

type operation struct {
	TokenARN string    `json:"token_arn"`
	Kind     string    `json:"kind"`
	Name     string    `json:"name"`
	Policy   string    `json:"policy,omitempty"`
	Created  time.Time `json:"created"`
	Due      time.Time `json:"due"`
	Regions  []string  `json:"regions"`
	Fail     *failure  `json:"fail,omitempty"`
	Settled  bool      `json:"settled"`
	// Create parameters, echoed by DescribeMultiRegionAccessPointOperation.
	PAB     pab      `json:"public_access_block"`
	Buckets []region `json:"buckets,omitempty"`
}

type failure struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Resource  string `json:"resource,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

func newState() *state { return &state{Version: stateVersion, Accounts: map[string]*account{}} }

func (st *state) account(id string) *account {
	a, ok := st.Accounts[id]
	if !ok {
		a = &account{MRAPs: map[string]*mrap{}, Tokens: map[string]tokenRecord{}}
		st.Accounts[id] = a
	}
	return a
}

func (a *account) addOp(op *operation) {
	a.Ops = append(a.Ops, op)
	if a.byARN != nil {
		a.byARN[op.TokenARN] = op
	}
}

func (a *account) opsByARN() map[string]*operation {
	if a.byARN == nil {
		a.byARN = make(map[string]*operation, len(a.Ops))
		for _, op := range a.Ops {
			a.byARN[op.TokenARN] = op
		}
	}
	return a.byARN
}

func (op *operation) status() string {
	switch {
	case !op.Settled:
		return StatusInProgress
	case op.Fail != nil:
		return StatusFailed
	default:
		return StatusSucceeded
	}
}

// report renders the operation as DescribeMultiRegionAccessPointOperation
// does. Regions finish one after another across the propagation time, so a
// progress display has something to show.
func (op *operation) report(now time.Time) asyncOperationXML {
	x := asyncOperationXML{
		CreationTime:    formatTime(op.Created),
		Operation:       op.Kind,
		RequestStatus:   op.status(),
		RequestTokenARN: op.TokenARN,
	}
	switch op.Kind {
	case OpPutPolicy:
		x.RequestParameters.Put = &putPolicyParamsXML{Name: op.Name, Policy: op.Policy}
	case OpCreate:
		cp := &createParamsXML{Name: op.Name, PublicAccessBlock: op.PAB.xml()}
		for _, b := range op.Buckets {
			cp.Regions = append(cp.Regions, regionParamXML{Bucket: b.Bucket, BucketAccountID: b.BucketAccountID})
		}
		x.RequestParameters.Create = cp
	}
	details := &regionalDetailsXML{}
	span := op.Due.Sub(op.Created)
	for i, name := range op.Regions {
		st := StatusInProgress
		done := op.Created.Add(span * time.Duration(i+1) / time.Duration(len(op.Regions)))
		if op.Settled {
			st = op.status()
		} else if !now.Before(done) && op.Fail == nil {
			st = StatusSucceeded
		}
		details.Regions = append(details.Regions, regionalResponseXML{Name: name, RequestStatus: st})
	}
	x.ResponseDetails.MultiRegionAccessPointDetails = details
	if op.Settled && op.Fail != nil {
		f := op.Fail
		x.ResponseDetails.ErrorDetails = &errorDetailsXML{Code: f.Code, Message: f.Message, Resource: f.Resource, RequestID: f.RequestID}
	}
	return x
}

func (m *mrap) report(now time.Time) mrapReportXML {
	status := "READY"
	if now.Before(m.ReadyAt) {
		status = "CREATING"
	}
	x := mrapReportXML{
		Name:              m.Name,
		Alias:             m.Alias,
		CreatedAt:         formatTime(m.CreatedAt),
		PublicAccessBlock: m.PAB.xml(),
		Status:            status,
	}
	for _, r := range m.Regions {
		x.Regions = append(x.Regions, regionReportXML(r))
	}
	return x
}

func (p pab) xml() PublicAccessBlockXML {
	b := func(v bool) *bool { return &v }
	return PublicAccessBlockXML{
		BlockPublicAcls:       b(p.BlockPublicAcls),
		IgnorePublicAcls:      b(p.IgnorePublicAcls),
		BlockPublicPolicy:     b(p.BlockPublicPolicy),
		RestrictPublicBuckets: b(p.RestrictPublicBuckets),
	}
}

func loadState(path string) (*state, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newState(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read state: %w", err)
	}
	st := newState()
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("state file %s: version %d, want %d", path, st.Version, stateVersion)
	}
	for id, a := range st.Accounts {
		if a == nil {
			return nil, fmt.Errorf("state file %s: account %q is null", path, id)
		}
		if a.MRAPs == nil {
			a.MRAPs = map[string]*mrap{}
		}
		if a.Tokens == nil {
			a.Tokens = map[string]tokenRecord{}
		}
		for name, m := range a.MRAPs {
			if m == nil {
				return nil, fmt.Errorf("state file %s: mrap %q is null", path, name)
			}
		}
		for i, op := range a.Ops {
			if op == nil {
				return nil, fmt.Errorf("state file %s: operation %d is null", path, i)
			}
		}
	}
	return st, nil
}

// tempPath is where saveState writes before renaming into place. It is one
// fixed name: the state lock makes this emulator its only writer, and a
// file left there by a crash (kill -9 mid-write) is overwritten by the next
// save and removed at the next start.
func tempPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
}

func lockPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
}

// removeStaleTemps deletes what a crashed save left behind: the temp file,
// and the randomly named ones older versions wrote.
func removeStaleTemps(path string) {
	os.Remove(tempPath(path))
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+globEscape(filepath.Base(path))+".*.tmp"))
	for _, f := range old {
		os.Remove(f)
	}
}

func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(s)
}

// saveState writes the state next to path and renames it into place, so a
// crash leaves either the old or the new file, never half of one. The file
// keeps its mode (0600 for a new one: it holds policies).
func saveState(path string, st *state) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	mode := fs.FileMode(0o600)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp := tempPath(path)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	_, werr := f.Write(append(b, '\n'))
	merr := f.Chmod(mode) // the umask may have narrowed it
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, merr, serr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save state: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save state: %w", err)
	}
	return nil
}
