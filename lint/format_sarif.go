package lint

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/mrapguard/mrapguard/internal/escape"
)

// SARIF 2.1.0 (OASIS, errata 01), shaped for GitHub code scanning: one run,
// artifact URIs relative to %SRCROOT%, columns in Unicode code points.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifSrcRoot = "%SRCROOT%"
	toolInfoURI  = "https://github.com/mrapguard/mrapguard"
	// fingerprintKey names our partialFingerprints entry; bump the version
	// if the hashed fields ever change, or every alert would be reopened.
	fingerprintKey = "mrapguard/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

// MaxSARIFResults is the most results a SARIF report holds. GitHub code
// scanning rejects a run of more than 25,000 results and keeps only 5,000;
// past this the most severe findings are written, in report order, and the
// run carries a notification saying how many were left out.
const MaxSARIFResults = 5000

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     *sarifText     `json:"shortDescription,omitempty"`
	FullDescription      *sarifText     `json:"fullDescription,omitempty"`
	Help                 *sarifText     `json:"help,omitempty"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleLevel `json:"defaultConfiguration"`
}

type sarifRuleLevel struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints,omitempty"`
	Properties          map[string]string  `json:"properties,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

// sarifSuppression is an audited ignore in mrapguard.yaml: code scanning
// shows the result as suppressed, with the reason.
type sarifSuppression struct {
	Kind          string         `json:"kind"`
	Status        string         `json:"status"`
	Justification string         `json:"justification"`
	Location      *sarifLocation `json:"location,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI         string     `json:"uri,omitempty"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind,omitempty"`
}

func sarifLevel(s Severity) string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityInfo:
		return "note"
	}
	return "none"
}

func writeSARIF(w io.Writer, r *Report, o FormatOptions) error {
	rules, idx := ruleTable(r)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "mrapguard",
			Version:        o.ToolVersion,
			InformationURI: toolInfoURI,
			Rules:          make([]sarifRule, 0, len(rules)),
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{
			sarifSrcRoot: {Description: &sarifText{Text: "The repository root."}},
		},
		ColumnKind: "unicodeCodePoints",
		Results:    make([]sarifResult, 0, len(r.Findings)),
	}
	if o.RepoRoot != "" {
		root := run.OriginalURIBaseIDs[sarifSrcRoot]
		root.URI = fileURI(o.RepoRoot, true)
		run.OriginalURIBaseIDs[sarifSrcRoot] = root
	}
	for _, ri := range rules {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(ri, o))
	}
	findings := r.Findings
	if len(findings) > MaxSARIFResults {
		findings = mostSevere(findings, MaxSARIFResults)
		run.Invocations = []sarifInvocation{{ExecutionSuccessful: true, ToolExecutionNotifications: []sarifNotification{{
			Level: "warning",
			Message: sarifText{Text: "mrapguard found " + strconv.Itoa(len(r.Findings)) + " findings; this report holds the " +
				strconv.Itoa(MaxSARIFResults) + " most severe, because GitHub code scanning keeps at most 5,000 results per run " +
				"(and rejects more than 25,000). Run mrapguard lint --format json to see them all."},
		}}}}
	}
	// Suppressed findings follow, as results with suppressions, in the
	// room the reported ones leave.
	suppressed := r.Suppressed
	if room := max(MaxSARIFResults-len(findings), 0); len(suppressed) > room {
		suppressed = suppressed[:room]
		if run.Invocations == nil {
			run.Invocations = []sarifInvocation{{ExecutionSuccessful: true}}
		}
		inv := &run.Invocations[0]
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "note",
			Message: sarifText{Text: strconv.Itoa(len(r.Suppressed)-room) + " findings suppressed by ignores are left out to stay within " +
				strconv.Itoa(MaxSARIFResults) + " results. Run mrapguard lint --format json to see them all."}})
	}
	seen := map[string]int{}
	for _, f := range append(findings[:len(findings):len(findings)], suppressed...) {
		res := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: idx[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: escape.SARIFText(f.Message)},
		}
		var loc sarifLocation
		if rel, ok := o.repoPath(f.File); ok {
			loc.PhysicalLocation = &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: uriPath(rel), URIBaseID: sarifSrcRoot}}
		} else if abs := o.absPath(f.File); abs != "" {
			loc.PhysicalLocation = &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: fileURI(abs, false)}}
		}
		if loc.PhysicalLocation != nil && f.Line > 0 {
			reg := &sarifRegion{StartLine: f.Line}
			if f.Column > 0 {
				reg.StartColumn = f.Column
			}
			// SARIF's endColumn is exclusive, like Finding.EndColumn.
			if f.EndLine > f.Line || f.EndLine == f.Line && f.EndColumn > f.Column && f.Column > 0 {
				reg.EndLine = f.EndLine
				reg.EndColumn = f.EndColumn
			}
			loc.PhysicalLocation.Region = reg
		}
		if f.Path != "" {
			loc.LogicalLocations = []sarifLogicalLocation{{Name: pointerLeaf(f.Path), FullyQualifiedName: f.Path}}
		}
		if f.Resource != "" {
			// A policy in a template: the resource that holds it.
			loc.LogicalLocations = append(loc.LogicalLocations, sarifLogicalLocation{Name: escape.Terminal(f.Resource), FullyQualifiedName: escape.Terminal(f.Resource), Kind: "resource"})
		}
		if loc.PhysicalLocation != nil || loc.LogicalLocations != nil {
			res.Locations = []sarifLocation{loc}
		}
		key := fingerprintInput(f, o.displayPath(f.File))
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		res.PartialFingerprints = map[string]string{fingerprintKey: hex.EncodeToString(sum[:16])}
		if f.Sid != "" {
			res.Properties = map[string]string{"sid": escape.Terminal(f.Sid)}
		}
		if s := f.Suppression; s != nil {
			sup := sarifSuppression{Kind: "external", Status: "accepted", Justification: escape.SARIFText(s.Reason)}
			if s.Expires != "" {
				sup.Justification += " (until " + escape.SARIFText(s.Expires) + ")"
			}
			if rel, ok := o.repoPath(s.Config); ok && s.Line > 0 {
				sup.Location = &sarifLocation{PhysicalLocation: &sarifPhysicalLocation{
					ArtifactLocation: sarifArtifactLocation{URI: uriPath(rel), URIBaseID: sarifSrcRoot},
					Region:           &sarifRegion{StartLine: s.Line},
				}}
			}
			res.Suppressions = []sarifSuppression{sup}
		}
		run.Results = append(run.Results, res)
	}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// mostSevere keeps the n most severe findings (errors, then warnings, then
// infos; the first ones in report order within a severity), in report
// order.
func mostSevere(fs []Finding, n int) []Finding {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(fs[b].Severity, fs[a].Severity) })
	idx = idx[:n]
	slices.Sort(idx)
	out := make([]Finding, n)
	for i, k := range idx {
		out[i] = fs[k]
	}
	return out
}

func sarifRuleFor(ri RuleInfo, o FormatOptions) sarifRule {
	sr := sarifRule{
		ID:      ri.ID,
		Name:    ruleName(ri.ID),
		HelpURI: o.ruleDocURL(ri),
	}
	level := ri.Default
	if level == SeverityNone {
		level = ri.Severity
	}
	sr.DefaultConfiguration.Level = sarifLevel(level)
	title := oneLine(escape.Terminal(ri.Title))
	if title == "" {
		title = ri.ID
	}
	sr.ShortDescription = &sarifText{Text: title}
	if d := plainText(ri.Description); d != "" {
		sr.FullDescription = &sarifText{Text: d}
	} else {
		sr.FullDescription = &sarifText{Text: title}
	}
	var help []string
	if d := plainText(ri.Description); d != "" {
		help = append(help, d)
	}
	if fix := plainText(ri.Remediation); fix != "" {
		help = append(help, "Fix: "+fix)
	}
	if len(help) > 0 {
		sr.Help = &sarifText{Text: strings.Join(help, "\n\n")}
	}
	return sr
}

// plainText keeps the line structure of rule documentation but nothing a
// terminal or viewer could act on.
func plainText(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = escape.Terminal(strings.TrimRight(l, "\r"))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// ruleName turns "principal/public" into "PrincipalPublic": SARIF wants an
// identifier-like name beside the opaque ID.
func ruleName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pointerLeaf is the last token of a JSON pointer, unescaped.
func pointerLeaf(ptr string) string {
	leaf := ptr[strings.LastIndexByte(ptr, '/')+1:]
	return strings.ReplaceAll(strings.ReplaceAll(leaf, "~1", "/"), "~0", "~")
}

// fingerprintInput is what identifies a finding across commits: rule, file
// and where in the policy. A statement with a Sid is named by its Sid, not by
// its index, so inserting a statement above it does not reopen its alerts.
// Line numbers are left out for the same reason.
func fingerprintInput(f Finding, file string) string {
	where := f.Path
	if f.Sid != "" {
		if rest, ok := strings.CutPrefix(f.Path, "/Statement"); ok && (rest == "" || rest[0] == '/') {
			if tok, after, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/"); tok != "" && strings.Trim(tok, "0123456789") == "" {
				rest = ""
				if after != "" {
					rest = "/" + after
				}
			}
			where = "/Statement[Sid=" + f.Sid + "]" + rest
		}
	}
	if f.Resource != "" {
		// Two policies of one template have the same pointers.
		where = f.Resource + where
	}
	return f.Rule + "\x00" + file + "\x00" + where
}
