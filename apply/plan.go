package apply

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// PlanFormat is the version of the plan file format this package writes and
// reads. Bump it on any incompatible change.
const PlanFormat = 1

// Plan is a saved plan: what was reviewed (the live policy, the proposed
// document, the findings and the diff) and what apply may do with it (one
// transition, with its token). The file is JSON; its checksum covers every
// other field and apply reads only the exact bytes plan wrote, so an edited
// plan is refused rather than applied.
//
// The checksum detects edits and corruption, not forgery: anyone who can
// write the file can recompute it. Keep plan files where only the pipeline
// writes them (a CI artifact), as with any plan file.
type Plan struct {
	// Format is PlanFormat. Its key, "mrapguard_plan", also tells a plan
	// file from a policy file (IAM policies have no such element).
	Format      int          `json:"mrapguard_plan"`
	ToolVersion string       `json:"tool_version"`
	CreatedAt   time.Time    `json:"created_at"`
	Target      PlanTarget   `json:"target"`
	Live        PlanLive     `json:"live"`
	Proposed    PlanProposed `json:"proposed"`
	// Changes: the proposed policy differs from the one in force (canonical
	// hashes), so apply would put it.
	Changes bool `json:"changes"`
	// Access is the diff's verdict: broadens, narrows, neutral or unknown.
	Access string `json:"access"`
	// Token is the ClientToken of the transition (see Token).
	Token string `json:"token"`
	// Findings and Diff are the caller's JSON renderings (lint's and diff's
	// documented JSON), kept as they were shown.
	Findings json.RawMessage `json:"findings"`
	Diff     json.RawMessage `json:"diff"`
	// Accepted lists the rules whose failing findings the user accepted
	// (--accept), and AcceptedFindings those findings, as the caller's JSON.
	Accepted         []string        `json:"accepted_rules"`
	AcceptedFindings json.RawMessage `json:"accepted_findings"`
	// Checksum is the hex SHA-256 of the plan's JSON encoding with this
	// field empty.
	Checksum string `json:"checksum"`
}

// PlanTarget is the MRAP a plan is for.
type PlanTarget struct {
	Account string `json:"account"`
	Name    string `json:"name"`
	Alias   string `json:"alias"`
}

// PlanLive is the live state the plan was made against.
type PlanLive struct {
	HasPolicy bool `json:"has_policy"`
	// EstablishedHash is the canonical hash of the policy in force, or
	// NoLivePolicy.
	EstablishedHash string `json:"established_hash"`
	// Established is the policy in force as AWS returned it ("" if none),
	// so a stale plan can show what changed since.
	Established       string `json:"established"`
	IsPublic          *bool  `json:"is_public"`
	BlockPublicPolicy bool   `json:"block_public_policy"`
}

// PlanProposed is the policy the plan would put.
type PlanProposed struct {
	// File is the policy file as named on the command line.
	File string `json:"file"`
	// FileSHA256 is the hex SHA-256 of the file's bytes: apply refuses the
	// plan if the file changed since.
	FileSHA256 string `json:"file_sha256"`
	// Hash is the canonical hash of the document.
	Hash string `json:"hash"`
	// Policy is the file's text, put as written.
	Policy string `json:"policy"`
}

// MaxPlanBytes bounds what ReadPlan reads: a plan holds two policies, the
// findings and the diff; anything this large was not written by a plan.
const MaxPlanBytes = 32 << 20

// FileDigest is the hex SHA-256 of a file's bytes, as PlanProposed records it.
func FileDigest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (p *Plan) checksum() (string, error) {
	c := *p
	c.Checksum = ""
	b, err := json.Marshal(&c)
	if err != nil {
		return "", fmt.Errorf("encode plan: %w", err)
	}
	return FileDigest(b), nil
}

// WritePlan seals the plan (sets Format and Checksum) and writes it as
// indented JSON.
func WritePlan(w io.Writer, p *Plan) error {
	p.Format = PlanFormat
	sum, err := p.checksum()
	if err != nil {
		return err
	}
	p.Checksum = sum
	b, err := p.encode()
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	return nil
}

// encode is the plan file's exact bytes: ReadPlan accepts only a file that
// is byte for byte what WritePlan wrote for the plan it decodes.
func (p *Plan) encode() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return b.Bytes(), nil
}

// IsPlan reports whether data looks like a plan file (a JSON object with an
// "mrapguard_plan" member) rather than a policy.
func IsPlan(data []byte) bool {
	var probe struct {
		Format *json.RawMessage `json:"mrapguard_plan"`
	}
	return json.Unmarshal(data, &probe) == nil && probe.Format != nil
}

// ErrPlanFile is a file that is not a readable plan (input error).
var ErrPlanFile = errors.New("not a plan file")

// ReadPlan reads a plan file. A file that is not a plan wraps ErrPlanFile;
// a plan from another format version, or one whose checksum does not match
// (edited after it was written), is a *RefusedError.
func ReadPlan(r io.Reader, name string) (*Plan, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPlanBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read plan %s: %w", name, err)
	}
	if len(data) > MaxPlanBytes {
		return nil, fmt.Errorf("plan %s is larger than %d bytes: %w", name, MaxPlanBytes, ErrPlanFile)
	}
	var format struct {
		Format int `json:"mrapguard_plan"`
	}
	if err := json.Unmarshal(data, &format); err != nil {
		return nil, fmt.Errorf("plan %s: %v: %w", name, err, ErrPlanFile)
	}
	if format.Format != PlanFormat {
		return nil, Refusef("make a new plan with this mrapguard",
			"plan %s has format version %d; this mrapguard reads version %d", name, format.Format, PlanFormat).WithRerun("plan", "--out", name)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	p := &Plan{}
	if err := dec.Decode(p); err != nil {
		return nil, Refusef("never edit a plan file; make a new plan",
			"plan %s does not read as a plan of format %d (%v): it was edited or damaged", name, PlanFormat, err).WithRerun("plan", "--out", name)
	}
	sum, err := p.checksum()
	if err != nil {
		return nil, err
	}
	if p.Checksum != sum {
		return nil, Refusef("never edit a plan file; make a new plan",
			"plan %s was changed after it was written (checksum mismatch)", name).WithRerun("plan", "--out", name)
	}
	// The checksum covers what was decoded; the bytes must be what was
	// written too. JSON decoding forgives what an edit can hide behind: a
	// key that differs only in case ("TARGET"), a duplicated key (the last
	// one wins), reordered or re-spaced members. A reviewer of the file
	// would read them; apply would not.
	if again, err := p.encode(); err != nil || !bytes.Equal(again, data) {
		return nil, Refusef("never edit a plan file; make a new plan",
			"plan %s is not byte for byte what mrapguard plan wrote (an extra, duplicated or reformatted key or value): it was edited after it was written", name).WithRerun("plan", "--out", name)
	}
	if err := validateTarget(p.Target.Account, p.Target.Name); err != nil {
		// No next step: there is no target to make a new plan for.
		return nil, Refusef("", "plan %s names no valid target (%v): it was not written by mrapguard plan", name, err)
	}
	if want := Token(p.Target.Account, p.Target.Name, p.Live.EstablishedHash, p.Proposed.Hash, 0); p.Token != want {
		return nil, Refusef("make a new plan",
			"plan %s: its token is not the one of its transition: it was not written by mrapguard plan", name).WithRerun("plan", "--out", name)
	}
	return p, nil
}

// PeekPlan reads the target and the policy file of what may be a damaged
// plan, without checking it, to suggest the command that makes a new one.
// Fields it cannot read are empty.
func PeekPlan(data []byte) (PlanTarget, string) {
	var p struct {
		Target   PlanTarget `json:"target"`
		Proposed struct {
			File string `json:"file"`
		} `json:"proposed"`
	}
	if json.Unmarshal(data, &p) != nil || validateTarget(p.Target.Account, p.Target.Name) != nil {
		return PlanTarget{}, ""
	}
	return p.Target, p.Proposed.File
}

// CheckTarget refuses a plan made for another MRAP than the one named.
// Empty account or name are not checked (taken from the plan).
func (p *Plan) CheckTarget(account, name string) error {
	if (account == "" || account == p.Target.Account) && (name == "" || name == p.Target.Name) {
		return nil
	}
	return Refusef(fmt.Sprintf("make a plan for %s/%s, or apply this one to its own target, %s/%s", orPlan(account, p.Target.Account), orPlan(name, p.Target.Name), p.Target.Account, p.Target.Name),
		"the plan is for %s/%s, not %s/%s", p.Target.Account, p.Target.Name, orPlan(account, p.Target.Account), orPlan(name, p.Target.Name)).WithRerun("apply")
}

func orPlan(v, plan string) string {
	if v == "" {
		return plan
	}
	return v
}

// CheckFile refuses a plan whose policy file no longer holds what was
// planned (data is the file's current content).
func (p *Plan) CheckFile(data []byte) error {
	if FileDigest(data) == p.Proposed.FileSHA256 {
		return nil
	}
	return Refusef("review the new content with a new plan",
		"%s changed since the plan was made (%s): the plan no longer shows what would be applied", p.Proposed.File, p.CreatedAt.UTC().Format(time.RFC3339))
}

// CheckFresh refuses a plan made against another live policy than the one
// in force now (liveHash: its canonical hash, or NoLivePolicy).
func (p *Plan) CheckFresh(liveHash string) error {
	if liveHash == p.Live.EstablishedHash {
		return nil
	}
	return Refusef("review what changed (above) and make a new plan",
		"stale plan: the policy in force on %s/%s changed since the plan was made (planned against %s, now %s)",
		p.Target.Account, p.Target.Name, ShortHash(p.Live.EstablishedHash), ShortHash(liveHash))
}

// ShortHash abbreviates a canonical hash for display (NoLivePolicy stays).
func ShortHash(h string) string {
	if h == NoLivePolicy {
		return "no policy"
	}
	return "sha256:" + short(h)
}
