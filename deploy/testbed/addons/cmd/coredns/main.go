// Command coredns is CoreDNS with only the plugins the testbed's Corefile uses
// (the full build pulls in every cloud provider's SDK). No `forward`: names outside
// the cluster are not answered, so no pod's query ever leaves the machine.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

func init() {
	dnsserver.Directives = []string{
		"reload", "errors", "health", "ready", "cache", "loadbalance", "kubernetes",
	}
}

func main() { coremain.Run() }
