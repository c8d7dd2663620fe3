package dev.lifeline.cluster;

import java.time.Instant;

/**
 * An instance of the application as last reported to the cluster.
 *
 * @param id the node id
 * @param sessions the number of sessions open on the node
 * @param lastHeartbeatAt when the node last refreshed its directory entries
 * @author Lifeline contributors
 */
public record ClusterNode(String id, int sessions, Instant lastHeartbeatAt) {

}
