// Package awsid knows the shape of the AWS identifiers mrapguard handles:
// account IDs, Multi-Region Access Point names and aliases. It is their one
// home, so the command line, the configuration, lint's target and the AWS
// client agree on what is valid. (The emulator keeps its own model.)
package awsid

import "regexp"

var (
	accountRe = regexp.MustCompile(`^[0-9]{12}$`)
	nameRe    = regexp.MustCompile(`^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$`)
	// The form AWS gives aliases, and resource/alias-format accepts in ARNs.
	aliasRe = regexp.MustCompile(`^[a-z][a-z0-9]{0,57}\.mrap$`)
)

// Account reports whether s is an AWS account ID: 12 digits.
func Account(s string) bool { return accountRe.MatchString(s) }

// MRAPName reports whether s is a Multi-Region Access Point name: 3-50
// lowercase letters, digits and hyphens, not starting or ending with a
// hyphen.
func MRAPName(s string) bool { return nameRe.MatchString(s) }

// MRAPAlias reports whether s is a Multi-Region Access Point alias, such as
// mfzwi23gnjvgw.mrap.
func MRAPAlias(s string) bool { return aliasRe.MatchString(s) }
