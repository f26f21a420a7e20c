// Command hostpath-provisioner gives every PersistentVolumeClaim of one StorageClass a
// directory on the node, the way Minikube's storage-provisioner does: created mode 0777
// (so a pod running as any UID, such as PostgreSQL's 70, can write to it) and removed
// with its PersistentVolume once the claim is gone. The in-tree host-path provisioner
// is no substitute: it creates its directories 0750 root, which a non-root pod cannot use.
//
// It polls rather than watches: a testbed holds a handful of claims.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

const provisionedBy = "pv.kubernetes.io/provisioned-by"

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster")
	root := flag.String("root", "/var/lib/todo-testbed/volumes", "where volumes' directories live")
	name := flag.String("name", "todo-testbed/hostpath", "provisioner name (the StorageClass's provisioner)")
	interval := flag.Duration("interval", time.Second, "how often to look for work")
	flag.Parse()

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("kubeconfig: %v", err)
	}
	client := kubernetes.NewForConfigOrDie(config)
	p := provisioner{client: client, root: *root, name: *name}
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := p.reconcile(ctx); err != nil {
			log.Printf("reconcile: %v", err)
		}
		cancel()
		time.Sleep(*interval)
	}
}

type provisioner struct {
	client kubernetes.Interface
	root   string
	name   string
}

func (p provisioner) reconcile(ctx context.Context) error {
	classes, err := p.client.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	ours, defaultClass := map[string]bool{}, ""
	for _, class := range classes.Items {
		if class.Provisioner == p.name {
			ours[class.Name] = true
			if class.Annotations["storageclass.kubernetes.io/is-default-class"] == "true" {
				defaultClass = class.Name
			}
		}
	}
	claims, err := p.client.CoreV1().PersistentVolumeClaims("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for i := range claims.Items {
		claim := &claims.Items[i]
		class := defaultClass
		if claim.Spec.StorageClassName != nil {
			class = *claim.Spec.StorageClassName
		}
		if ours[class] && claim.Status.Phase == corev1.ClaimPending && claim.Spec.VolumeName == "" {
			if err := p.provision(ctx, claim, class); err != nil {
				log.Printf("provision %s/%s: %v", claim.Namespace, claim.Name, err)
			}
		}
	}
	volumes, err := p.client.CoreV1().PersistentVolumes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for i := range volumes.Items {
		volume := &volumes.Items[i]
		released := volume.Status.Phase == corev1.VolumeReleased || volume.Status.Phase == corev1.VolumeFailed
		if volume.Annotations[provisionedBy] == p.name && released &&
			volume.Spec.PersistentVolumeReclaimPolicy == corev1.PersistentVolumeReclaimDelete {
			if err := p.remove(ctx, volume); err != nil {
				log.Printf("delete %s: %v", volume.Name, err)
			}
		}
	}
	return nil
}

func (p provisioner) provision(ctx context.Context, claim *corev1.PersistentVolumeClaim, class string) error {
	name := "pvc-" + string(claim.UID)
	dir := filepath.Join(p.root, name)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o777); err != nil { // MkdirAll is subject to the umask
		return err
	}
	volume := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{provisionedBy: p.name}},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: claim.Spec.Resources.Requests[corev1.ResourceStorage]},
			AccessModes:                   claim.Spec.AccessModes,
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimDelete,
			StorageClassName:              class,
			ClaimRef: &corev1.ObjectReference{
				Kind: "PersistentVolumeClaim", Namespace: claim.Namespace, Name: claim.Name, UID: claim.UID,
			},
			PersistentVolumeSource: corev1.PersistentVolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: dir},
			},
		},
	}
	_, err := p.client.CoreV1().PersistentVolumes().Create(ctx, volume, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	if err == nil {
		log.Printf("provisioned %s for %s/%s at %s", name, claim.Namespace, claim.Name, dir)
	}
	return err
}

func (p provisioner) remove(ctx context.Context, volume *corev1.PersistentVolume) error {
	if source := volume.Spec.HostPath; source != nil && strings.HasPrefix(source.Path, p.root+"/") {
		if err := os.RemoveAll(source.Path); err != nil {
			return err
		}
	}
	err := p.client.CoreV1().PersistentVolumes().Delete(ctx, volume.Name, metav1.DeleteOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err == nil {
		log.Printf("deleted %s", volume.Name)
	}
	return err
}
