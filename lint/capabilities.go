package lint

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Rules may come from a pull request, so they run without any way to reach
// the network or read the environment (credentials live there). Everything
// else in OPA's builtin library is pure computation and stays available.
var disabledPrefixes = []string{
	"http.send",
	"net.", // net.lookup_ip_addr resolves names; net.cidr_* go too, keeping the rule simple
	"opa.runtime",
	"providers.aws.sign_req",
}

func disabled(name string) bool {
	for _, p := range disabledPrefixes {
		if name == p || strings.HasSuffix(p, ".") && strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// restrictedCapabilities returns OPA's capabilities for this version without
// the disabled builtins and with no network hosts allowed. They are built
// once per process (sorting OPA's builtins is a few percent of start-up)
// and only read afterwards.
var restrictedCapabilities = sync.OnceValue(func() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0:0]
	for _, b := range caps.Builtins {
		if !disabled(b.Name) {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
})

// DisabledBuiltins lists the builtins rules cannot use (for docs and errors).
func DisabledBuiltins() []string {
	var out []string
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		if disabled(b.Name) {
			out = append(out, b.Name)
		}
	}
	return out
}

// Compiled on first use: a lint run that compiles cleanly never needs it.
var undefinedFunc = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`undefined function ([A-Za-z0-9_.]+)`) })

// explainCompileErrors rewrites OPA's "undefined function http.send" into an
// error that says why the builtin is missing.
func explainCompileErrors(err error) error {
	errs, ok := err.(ast.Errors)
	if !ok {
		return err
	}
	var b strings.Builder
	for i, e := range errs {
		if i > 0 {
			b.WriteString("\n")
		}
		msg := e.Message
		if m := undefinedFunc().FindStringSubmatch(msg); m != nil && disabled(m[1]) {
			msg = fmt.Sprintf("%s is disabled: rules run without network or environment access", m[1])
		}
		if e.Location != nil {
			fmt.Fprintf(&b, "%s:%d: %s", e.Location.File, e.Location.Row, msg)
		} else {
			b.WriteString(msg)
		}
	}
	return fmt.Errorf("%s", b.String())
}
