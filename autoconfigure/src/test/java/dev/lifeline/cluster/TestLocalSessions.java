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

import dev.lifeline.server.BroadcastResult;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.GroupLimitExceededException;
import dev.lifeline.server.relay.LocalSessions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The sessions of one node as the cluster sees them, without a server: the directory
 * lists the sessions {@link #open opened} here, and what the relay delivers is recorded
 * as one line per call.
 */
class TestLocalSessions implements LocalSessions {

	private final Map<String, String> users = new LinkedHashMap<>();

	private final Map<String, String> groups = new LinkedHashMap<>();

	private final List<String> ids = new ArrayList<>();

	private final List<String> deliveries = new CopyOnWriteArrayList<>();

	private volatile boolean groupsFull;

	void open(String id, @Nullable String user, @Nullable String group) {
		this.ids.add(id);
		if (user != null) {
			this.users.put(id, user);
		}
		if (group != null) {
			this.groups.put(id, group);
		}
	}

	void fillGroups() {
		this.groupsFull = true;
	}

	List<String> deliveries() {
		return this.deliveries;
	}

	@Override
	public Map<String, List<String>> userSessionIds() {
		return byName(this.users);
	}

	@Override
	public Map<String, List<String>> groupSessionIds() {
		return byName(this.groups);
	}

	private static Map<String, List<String>> byName(Map<String, String> namesById) {
		Map<String, List<String>> result = new LinkedHashMap<>();
		namesById.forEach((id, name) -> result.computeIfAbsent(name, (key) -> new ArrayList<>()).add(id));
		return result;
	}

	@Override
	public Stream<String> sessionIds() {
		return this.ids.stream();
	}

	@Override
	public int count() {
		return this.ids.size();
	}

	@Override
	public BroadcastResult broadcast(WebSocketMessage<?> message) {
		this.deliveries.add("broadcast " + describe(message));
		return new BroadcastResult(0, 0, 0);
	}

	@Override
	public boolean send(String sessionId, WebSocketMessage<?> message) {
		this.deliveries.add("send " + sessionId + " " + describe(message));
		return false;
	}

	@Override
	public boolean close(String sessionId, CloseStatus status, CloseCause cause) {
		this.deliveries.add("close " + sessionId + " " + status.getCode() + " " + cause);
		return false;
	}

	@Override
	public BroadcastResult sendToUser(String user, WebSocketMessage<?> message) {
		this.deliveries.add("user " + user + " " + describe(message));
		return new BroadcastResult(0, 0, 0);
	}

	@Override
	public BroadcastResult sendToGroup(String group, WebSocketMessage<?> message, @Nullable String exceptSessionId) {
		this.deliveries.add("group " + group + " " + describe(message) + " except " + exceptSessionId);
		return new BroadcastResult(0, 0, 0);
	}

	@Override
	public int closeUser(String user, CloseStatus status, CloseCause cause) {
		this.deliveries.add("closeUser " + user + " " + status.getCode() + " " + cause);
		return 0;
	}

	@Override
	public boolean join(String sessionId, String group) {
		if (this.groupsFull) {
			throw new GroupLimitExceededException(sessionId, group, 1);
		}
		this.deliveries.add("join " + sessionId + " " + group);
		return true;
	}

	@Override
	public boolean leave(String sessionId, String group) {
		this.deliveries.add("leave " + sessionId + " " + group);
		return true;
	}

	private static String describe(WebSocketMessage<?> message) {
		return (message instanceof TextMessage text) ? text.getPayload() : "binary";
	}

}
