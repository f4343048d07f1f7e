// How the kernel schedules a node's threads (node.cpu_scheduling).
//
// The node's threads hand work to each other in messages, often several in a
// row: the committer answers every invocation of a batch, the journal
// acknowledges every submission. Under the kernel's default policy each
// message that wakes the receiver on the sender's CPU lets the receiver
// preempt the sender, take that one message, and sleep again, a context
// switch pair per message. SCHED_BATCH tells the kernel that a woken thread
// does not preempt the running one: the sender finishes its burst and the
// receiver takes the messages in one go. On two vCPUs at 13k invocations/s
// that took the context switches per invocation from 2.5-2.7 to 1.4-1.6
// (docs/benchmarks.md).
// Threads inherit the policy, so it is applied before the node starts any.
#pragma once

#include <string>

namespace vireo {

/// Applies `policy` ("batch" or "normal", validated by validate_config) to
/// the calling thread, and so to every thread it starts afterwards.
/// Throws std::system_error when the kernel refuses.
void apply_cpu_scheduling(const std::string& policy);

/// The calling thread's policy: "batch", "normal" or "other".
std::string current_cpu_scheduling();

}  // namespace vireo
