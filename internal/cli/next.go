package cli

import (
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/internal/escape"
	"github.com/mrapguard/mrapguard/pipeline"
)

// nextCommand renders the command line of a refusal's next step
// (pipeline.Options.Command): mrapguard CMD, the extra options, the
// options of this run that CMD also takes (so --config, --rules, --profile
// or --endpoint-url carry over), and the target's arguments. Every word is
// quoted for a shell: the line runs as printed.
func nextCommand(c *cli.Context, e *Env) func(cmd string, t pipeline.Target, extra []string) string {
	given := givenOptions(c)
	return func(cmd string, t pipeline.Target, extra []string) string {
		takes := map[string]bool{}
		for _, sub := range commands(e) {
			if sub.Name == cmd {
				for _, f := range sub.Flags {
					takes[f.Names()[0]] = true
				}
			}
		}
		// The target's own arguments, and the options the step sets, win.
		skip := map[string]bool{"account": true, "name": true}
		for _, x := range extra {
			if name, ok := strings.CutPrefix(x, "--"); ok {
				skip[name] = true
			}
		}
		words := append([]string{"mrapguard", cmd}, extra...)
		for _, o := range given {
			if takes[o.name] && !skip[o.name] {
				words = append(words, o.words...)
			}
		}
		words = append(words, pipeline.TargetArgs(cmd, t)...)
		return shellWords(words)
	}
}

// shellWords joins words into a command line, each quoted for a shell.
func shellWords(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = escape.Shell(w)
	}
	return strings.Join(q, " ")
}

type givenOption struct {
	name  string
	words []string
}

// givenOptions are the options set on this command line, in the order of
// the command's flags, as words that set them again.
func givenOptions(c *cli.Context) []givenOption {
	var out []givenOption
	for _, f := range c.Command.Flags {
		name := f.Names()[0]
		if !c.IsSet(name) {
			continue
		}
		flag := "--" + name
		var words []string
		switch f := f.(type) {
		case *cli.BoolFlag:
			words = []string{flag}
			if !c.Bool(name) {
				words = []string{flag + "=false"}
			}
		case *cli.StringSliceFlag:
			for _, v := range c.StringSlice(name) {
				words = append(words, flag, v)
			}
		case *cli.IntFlag:
			words = []string{flag, strconv.Itoa(c.Int(name))}
		case *cli.DurationFlag:
			words = []string{flag, c.Duration(name).String()}
		case *cli.GenericFlag:
			if l, ok := f.Value.(*outputList); ok {
				for _, s := range l.specs {
					words = append(words, flag, s.format+"="+s.path)
				}
			}
		default:
			words = []string{flag, c.String(name)}
		}
		out = append(out, givenOption{name: name, words: words})
	}
	return out
}
