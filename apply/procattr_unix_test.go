//go:build unix && !linux

package apply

import (
	"os/exec"
	"syscall"
)

// moto_server runs in its own process group, so killMoto reaches whatever it
// spawned.
func motoProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func killMoto(cmd *exec.Cmd) { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
