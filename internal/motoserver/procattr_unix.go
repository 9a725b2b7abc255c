//go:build unix && !linux

package motoserver

import (
	"os/exec"
	"syscall"
)

// moto_server runs in its own process group, so kill reaches whatever it
// spawned.
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func kill(cmd *exec.Cmd) { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
