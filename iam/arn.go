package iam

import (
	"strings"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// ARN is an Amazon Resource Name split into its six fields; Resource keeps
// any colons.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// ParseARN splits s into its six fields: "arn:" and at least five more
// colons.
func ParseARN(s string) (ARN, bool) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ARN{}, false
	}
	f := strings.SplitN(rest, ":", 5)
	if len(f) < 5 {
		return ARN{}, false
	}
	return ARN{Partition: f[0], Service: f[1], Region: f[2], Account: f[3], Resource: f[4]}, true
}

// MRAPARN is the Multi-Region Access Point part of an ARN of the form
// arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS[SUFFIX].
type MRAPARN struct {
	Partition string
	Account   string // as written; not necessarily 12 digits
	Alias     string // up to the first '/' after accesspoint/
	Suffix    string // what follows the alias: "" for the bare MRAP ARN, "/object/KEY" for objects
}

// ParseMRAPARN parses s as an MRAP ARN: an ARN of service s3 with no
// region, a valid partition, and a resource starting with accesspoint/.
// Account and alias are not checked (see internal/awsid).
func ParseMRAPARN(s string) (MRAPARN, bool) {
	a, ok := ParseARN(s)
	if !ok {
		return MRAPARN{}, false
	}
	return mrapFromARN(a)
}

func mrapFromARN(a ARN) (MRAPARN, bool) {
	rest, ok := strings.CutPrefix(a.Resource, "accesspoint/")
	if !ok || a.Service != "s3" || a.Region != "" || !ValidPartition(a.Partition) {
		return MRAPARN{}, false
	}
	alias, _, _ := strings.Cut(rest, "/")
	return MRAPARN{Partition: a.Partition, Account: a.Account, Alias: alias, Suffix: rest[len(alias):]}, true
}

// ValidPartition reports whether p is an AWS partition name: aws, aws-cn,
// aws-us-gov... (aws followed by -lowercase groups).
func ValidPartition(p string) bool {
	rest, ok := strings.CutPrefix(p, "aws")
	if !ok {
		return false
	}
	for rest != "" {
		if rest[0] != '-' {
			return false
		}
		rest = rest[1:]
		n := 0
		for n < len(rest) && rest[n] >= 'a' && rest[n] <= 'z' {
			n++
		}
		if n == 0 {
			return false
		}
		rest = rest[n:]
	}
	return true
}

// ResourceForms returns which MRAP ARN forms a Resource value can match:
// FormBucket (the bare MRAP ARN) and/or FormObject (MRAP ARN/object/KEY).
// "*" and an MRAP ARN whose alias is a wildcard match both; a wildcard
// spans '/', so .../accesspoint/x.mrap/* matches objects. Anything that is
// not an MRAP ARN matches neither.
func ResourceForms(r string) Forms {
	if r == "*" {
		return AllForms
	}
	m, ok := ParseMRAPARN(r)
	if !ok {
		return 0
	}
	return m.Forms()
}

// Forms returns the MRAP ARN forms the value m was parsed from can match
// (see ResourceForms).
func (m MRAPARN) Forms() Forms {
	switch {
	case m.Suffix == "" && strings.Contains(m.Alias, "*"):
		return AllForms
	case m.Suffix == "":
		return Forms(0).With(FormBucket)
	case strings.HasPrefix(m.Suffix, "/object/") && len(m.Suffix) > len("/object/"):
		return Forms(0).With(FormObject)
	case !strings.HasPrefix(m.Suffix, "/object/") && HasWildcard(m.Suffix) && Match(m.Suffix, "/object/key"):
		return Forms(0).With(FormObject)
	}
	return 0
}

// Concrete reports whether m names one MRAP in one account: a 12-digit
// account and a valid alias, in either form.
func (m MRAPARN) Concrete() bool {
	return awsid.Account(m.Account) && awsid.MRAPAlias(m.Alias) && m.Forms() != 0
}
