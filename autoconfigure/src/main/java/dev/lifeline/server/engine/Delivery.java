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

package dev.lifeline.server.engine;

import dev.lifeline.server.BroadcastResult;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.adapter.EncodedText;
import dev.lifeline.server.relay.LocalSessions;
import dev.lifeline.server.relay.SessionRelay;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The one place that decides whether an operation on sessions stays on this instance or
 * also goes through the {@link SessionRelay} to the others: for one session, the instance
 * that holds it; for all sessions, a user or a group, every instance, this one included.
 * It is also what the relay delivers into, as {@link LocalSessions}.
 * <p>
 * Without a relay, every operation is local.
 *
 * @author Lifeline contributors
 */
final class Delivery {

	private final SessionRegistry registry;

	private final Local local = new Local();

	private Supplier<@Nullable SessionRelay> relayProvider = () -> null;

	private volatile @Nullable SessionRelay relay;

	Delivery(SessionRegistry registry) {
		this.registry = registry;
	}

	void setRelayProvider(Supplier<@Nullable SessionRelay> relayProvider) {
		this.relayProvider = relayProvider;
	}

	/**
	 * Look the relay up and attach this instance's sessions to it. Called when the server
	 * starts, since the relay itself delivers into the registry.
	 */
	void attachRelay() {
		SessionRelay relay = this.relayProvider.get();
		if (relay != null) {
			relay.attach(this.local);
		}
		this.relay = relay;
	}

	BroadcastResult broadcast(WebSocketMessage<?> message) {
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.broadcast(message);
		}
		return offer(this.registry.holders(), message, null);
	}

	boolean send(String id, WebSocketMessage<?> message) {
		SessionHolder holder = this.registry.get(id);
		if (holder != null) {
			return holder.session().offer(message, null) == OutboxOffer.QUEUED;
		}
		SessionRelay relay = this.relay;
		if (relay == null) {
			return false;
		}
		relay.send(id, message);
		return true;
	}

	CompletableFuture<Boolean> sendAsync(String id, WebSocketMessage<?> message) {
		SessionHolder holder = this.registry.get(id);
		if (holder != null) {
			return holder.session().sendAsync(message).thenApply((written) -> true);
		}
		SessionRelay relay = this.relay;
		return (relay != null) ? relay.send(id, message) : CompletableFuture.completedFuture(false);
	}

	BroadcastResult sendToUser(String user, WebSocketMessage<?> message) {
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.sendToUser(user, message);
		}
		return offer(this.registry.index().user(user), message, null);
	}

	BroadcastResult sendToGroup(String group, WebSocketMessage<?> message, @Nullable String exceptSessionId) {
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.sendToGroup(group, message, exceptSessionId);
		}
		return offer(this.registry.index().group(group), message, exceptSessionId);
	}

	int closeUser(String user, CloseStatus status, CloseCause cause) {
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.closeUser(user, status, cause);
		}
		return closeUserLocally(user, status, cause);
	}

	boolean close(String id, CloseStatus status, CloseCause cause) {
		if (closeLocally(id, status, cause)) {
			return true;
		}
		SessionRelay relay = this.relay;
		if (relay == null) {
			return false;
		}
		relay.close(id, status, cause);
		return true;
	}

	/**
	 * Ask the instance that may hold a session, other than this one, to close it; nothing
	 * without a relay.
	 * @return whether an instance received the close ({@code true} without a relay)
	 */
	CompletableFuture<Boolean> closeElsewhere(String id, CloseStatus status, CloseCause cause) {
		SessionRelay relay = this.relay;
		return (relay != null) ? relay.close(id, status, cause) : CompletableFuture.completedFuture(true);
	}

	boolean join(String sessionId, String group) {
		Assert.hasLength(group, "Group must not be empty");
		SessionHolder holder = this.registry.get(sessionId);
		if (holder != null) {
			return join(holder, group);
		}
		SessionRelay relay = this.relay;
		if (relay == null) {
			return false;
		}
		relay.join(sessionId, group);
		return true;
	}

	boolean leave(String sessionId, String group) {
		Assert.hasLength(group, "Group must not be empty");
		SessionHolder holder = this.registry.get(sessionId);
		if (holder != null) {
			return leave(holder, group);
		}
		SessionRelay relay = this.relay;
		if (relay == null) {
			return false;
		}
		relay.leave(sessionId, group);
		return true;
	}

	boolean join(SessionHolder holder, String group) {
		if (!this.registry.index().join(holder, group)) {
			return false;
		}
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.joined(holder.id(), group);
		}
		return true;
	}

	boolean leave(SessionHolder holder, String group) {
		if (!this.registry.index().leave(holder, group)) {
			return false;
		}
		SessionRelay relay = this.relay;
		if (relay != null) {
			relay.left(holder.id(), Set.of(group));
		}
		return true;
	}

	/**
	 * Tell the other instances that a session that finished here left its groups.
	 */
	void leftAll(SessionHolder holder, Set<String> groups) {
		SessionRelay relay = this.relay;
		if (relay != null && !groups.isEmpty()) {
			relay.left(holder.id(), groups);
		}
	}

	private boolean closeLocally(String id, CloseStatus status, CloseCause cause) {
		SessionHolder holder = this.registry.get(id);
		if (holder == null) {
			return false;
		}
		this.registry.closing().close(holder, status, cause);
		return true;
	}

	private int closeUserLocally(String user, CloseStatus status, CloseCause cause) {
		int closed = 0;
		for (SessionHolder holder : List.copyOf(this.registry.index().user(user))) {
			if (!holder.isClosing()) {
				this.registry.closing().close(holder, status, cause);
				closed++;
			}
		}
		return closed;
	}

	private static BroadcastResult offer(Collection<SessionHolder> holders, WebSocketMessage<?> message,
			@Nullable String exceptSessionId) {
		if (holders.isEmpty()) {
			return new BroadcastResult(0, 0, 0);
		}
		WebSocketMessage<?> encoded = EncodedText.of(message);
		int queued = 0;
		int dropped = 0;
		int failed = 0;
		for (SessionHolder holder : holders) {
			if (holder.id().equals(exceptSessionId)) {
				continue;
			}
			switch (holder.session().offer(encoded, null)) {
				case QUEUED -> queued++;
				case DROPPED -> dropped++;
				default -> failed++;
			}
		}
		return new BroadcastResult(queued, dropped, failed);
	}

	/**
	 * What the relay delivers into: this instance's sessions only. The relay delivers on
	 * its one dispatcher thread, so what its deliveries cause (a slow consumer cut off)
	 * is told on the events thread, and a listener or handler cannot hold up the
	 * deliveries that follow.
	 */
	private final class Local implements LocalSessions {

		@Override
		public BroadcastResult broadcast(WebSocketMessage<?> message) {
			return SessionEvents.callAsWorker(() -> offer(Delivery.this.registry.holders(), message, null));
		}

		@Override
		public boolean send(String sessionId, WebSocketMessage<?> message) {
			SessionHolder holder = Delivery.this.registry.get(sessionId);
			if (holder == null) {
				return false;
			}
			return SessionEvents.callAsWorker(() -> holder.session().offer(message, null) == OutboxOffer.QUEUED);
		}

		@Override
		public boolean close(String sessionId, CloseStatus status, CloseCause cause) {
			return SessionEvents.callAsWorker(() -> closeLocally(sessionId, status, cause));
		}

		@Override
		public BroadcastResult sendToUser(String user, WebSocketMessage<?> message) {
			return SessionEvents.callAsWorker(() -> offer(Delivery.this.registry.index().user(user), message, null));
		}

		@Override
		public BroadcastResult sendToGroup(String group, WebSocketMessage<?> message,
				@Nullable String exceptSessionId) {
			return SessionEvents
				.callAsWorker(() -> offer(Delivery.this.registry.index().group(group), message, exceptSessionId));
		}

		@Override
		public int closeUser(String user, CloseStatus status, CloseCause cause) {
			return SessionEvents.callAsWorker(() -> closeUserLocally(user, status, cause));
		}

		@Override
		public boolean join(String sessionId, String group) {
			SessionHolder holder = Delivery.this.registry.get(sessionId);
			return holder != null && Delivery.this.join(holder, group);
		}

		@Override
		public boolean leave(String sessionId, String group) {
			SessionHolder holder = Delivery.this.registry.get(sessionId);
			return holder != null && Delivery.this.leave(holder, group);
		}

		@Override
		public Map<String, List<String>> userSessionIds() {
			return Delivery.this.registry.index().userSessionIds();
		}

		@Override
		public Map<String, List<String>> groupSessionIds() {
			return Delivery.this.registry.index().groupSessionIds();
		}

		@Override
		public Stream<String> sessionIds() {
			return Delivery.this.registry.ids();
		}

		@Override
		public int count() {
			return Delivery.this.registry.count();
		}

	}

}
