package motoserver

import (
	"os/exec"
	"syscall"
)

// moto_server runs in its own process group, so kill reaches whatever it
// spawned, and dies with the test binary even if TestMain never gets to stop
// it (a panic, a timeout).
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func kill(cmd *exec.Cmd) { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
