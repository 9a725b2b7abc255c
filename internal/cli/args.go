package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/internal/suggest"
)

// normalizeArgs rewrites a command line before urfave/cli parses it, so
// that every command takes its options anywhere: urfave/cli (like Go's
// flag package) stops at the first argument, and would take
// "lint policy.json --format json" for two file names. Using each
// command's own flag definitions it
//
//   - moves the options (and the values of those that take one) in front
//     of the arguments, in their order; "--" ends the options, and an
//     argument that starts with "-" is passed behind a "--" of its own;
//   - names every option by its primary name, so "-o" and "--output" may
//     be mixed;
//   - turns "help [COMMAND…]" into "COMMAND… --help";
//   - rejects an unknown command, subcommand or option, or a duration or
//     number that does not parse, with a usage error that says what was
//     probably meant.
//
// Arguments before the command (--help, --version) are left to urfave/cli.
func normalizeArgs(commands []*cli.Command, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	out := []string{args[0]}
	rest := args[1:]
	for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
		out, rest = append(out, rest[0]), rest[1:]
	}
	if len(rest) == 0 {
		return out, nil
	}
	if rest[0] == "help" {
		if len(rest) == 1 {
			return append(out, "--help"), nil
		}
		rest = append(rest[1:len(rest):len(rest)], "--help")
	}
	cmd, err := findCommand(commands, rest[0], "mrapguard")
	if err != nil {
		return nil, err
	}
	out, rest = append(out, rest[0]), rest[1:]
	path := cmd.Name
	if len(cmd.Subcommands) > 0 {
		// The subcommand is the first argument; options of its own follow.
		i := 0
		for i < len(rest) && strings.HasPrefix(rest[i], "-") {
			i++
		}
		if i == len(rest) {
			return append(out, rest...), nil // "rules" alone, or "rules --help"
		}
		if rest[i] == "help" {
			rest = append(append(rest[:i:i], rest[i+1:]...), "--help")
			if i == len(rest)-1 {
				return append(out, rest...), nil
			}
		}
		sub, err := findCommand(cmd.Subcommands, rest[i], "mrapguard "+cmd.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, rest[i])
		rest = append(rest[:i:i], rest[i+1:]...)
		cmd, path = sub, cmd.Name+" "+sub.Name
	}
	reordered, err := reorder(cmd, path, rest)
	if err != nil {
		return nil, err
	}
	return append(out, reordered...), nil
}

// findCommand finds a command by name or alias, or explains that there is
// none, with the nearest name when it looks like a typo.
func findCommand(commands []*cli.Command, name, parent string) (*cli.Command, error) {
	var names []string
	for _, c := range commands {
		if c.HasName(name) {
			return c, nil
		}
		if !c.Hidden {
			names = append(names, c.Name)
		}
	}
	what := "command"
	if parent != "mrapguard" {
		what = strings.TrimPrefix(parent, "mrapguard ") + " subcommand"
	}
	if s := suggest.Closest(name, names); s != "" {
		return nil, usageErrorf("unknown %s %q; did you mean %q? (see %s --help)", what, name, s, parent)
	}
	return nil, usageErrorf("unknown %s %q (valid: %s; see %s --help)", what, name, joinNames(names), parent)
}

// reorder puts a command's options before its arguments (see
// normalizeArgs).
func reorder(cmd *cli.Command, path string, args []string) ([]string, error) {
	byName := map[string]cli.Flag{}
	var names []string
	for _, f := range append(cmd.Flags, cli.HelpFlag) {
		for _, n := range f.Names() {
			byName[n] = f
			names = append(names, "--"+n)
		}
	}
	var opts, pos []string
	dashed := false // an argument starts with "-": pass the arguments after "--"
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			for _, p := range args[i+1:] {
				dashed = dashed || strings.HasPrefix(p, "-")
			}
			pos = append(pos, args[i+1:]...)
			break
		}
		if a == "-" || !strings.HasPrefix(a, "-") {
			pos = append(pos, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		f, ok := byName[name]
		if !ok {
			typed := strings.SplitN(a, "=", 2)[0]
			if s := suggest.Closest("--"+name, names); s != "" {
				return nil, usageErrorf("%s: unknown option %s; did you mean %s? (see mrapguard %s --help)", path, typed, s, path)
			}
			return nil, usageErrorf("%s: unknown option %s (see mrapguard %s --help)", path, typed, path)
		}
		primary := "--" + f.Names()[0]
		if f == cli.HelpFlag {
			// Help takes no arguments: given one, urfave/cli would look
			// for a subcommand of that name.
			return []string{primary}, nil
		}
		if !takesValue(f) {
			if hasValue {
				opts = append(opts, primary+"="+value)
			} else {
				opts = append(opts, primary)
			}
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return nil, usageErrorf("%s: option %s needs a value (see mrapguard %s --help)", path, primary, path)
			}
			i++
			value = args[i]
		}
		if err := checkValue(f, path, primary, value); err != nil {
			return nil, err
		}
		opts = append(opts, primary+"="+value)
	}
	if dashed {
		opts = append(opts, "--")
	}
	return append(opts, pos...), nil
}

func takesValue(f cli.Flag) bool {
	dg, ok := f.(cli.DocGenerationFlag)
	return ok && dg.TakesValue()
}

// checkValue explains a value that the flag library would reject with a
// bare "parse error".
func checkValue(f cli.Flag, path, name, value string) error {
	switch f.(type) {
	case *cli.DurationFlag:
		if _, err := time.ParseDuration(value); err != nil {
			return usageErrorf("%s: %s %q: want a duration such as 3s, 500ms or 15m", path, name, value)
		}
	case *cli.IntFlag:
		if _, err := strconv.ParseInt(value, 0, strconv.IntSize); err != nil {
			return usageErrorf("%s: %s %q: want a whole number", path, name, value)
		}
	}
	return nil
}
