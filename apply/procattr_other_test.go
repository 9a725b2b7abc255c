//go:build !unix

package apply

import (
	"os/exec"
	"syscall"
)

func motoProcAttr() *syscall.SysProcAttr { return nil }

func killMoto(cmd *exec.Cmd) { cmd.Process.Kill() }
