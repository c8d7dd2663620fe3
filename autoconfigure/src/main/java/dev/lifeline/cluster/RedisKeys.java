package dev.lifeline.cluster;

/**
 * The names of the cluster's Redis keys and channels, all under one prefix:
 * <ul>
 * <li>{@code <prefix>broadcast}: the channel every node subscribes to, for broadcasts and
 * for messages and closes that concern users and groups;</li>
 * <li>{@code <prefix>node:<node id>}: both the channel of one node, for what concerns one
 * of its sessions, and the hash of its session count and last heartbeat;</li>
 * <li>{@code <prefix>nodes}: the set of node ids;</li>
 * <li>{@code <prefix>session:<session id>}: the id of the node that holds the
 * session;</li>
 * <li>{@code <prefix>user:<name>} and {@code <prefix>group:<name>}: sorted sets of the
 * session ids of a user or the members of a group, scored with when each entry
 * expires.</li>
 * </ul>
 *
 * @param prefix the prefix of every key and channel
 * @author Lifeline contributors
 */
record RedisKeys(String prefix) {

	String broadcastChannel() {
		return this.prefix + "broadcast";
	}

	String nodeChannel(String node) {
		return this.prefix + "node:" + node;
	}

	String node(String node) {
		return this.prefix + "node:" + node;
	}

	String nodes() {
		return this.prefix + "nodes";
	}

	String session(String sessionId) {
		return this.prefix + "session:" + sessionId;
	}

	String user(String user) {
		return this.prefix + "user:" + user;
	}

	String group(String group) {
		return this.prefix + "group:" + group;
	}

}
