/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

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
