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

package dev.lifeline.stomp;

import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * Follows the STOMP sessions of a broker from its client channels: the user each
 * connected as, its subscriptions, and the {@code CONNECT}, {@code CONNECTED} and
 * {@code DISCONNECT} frames, which Spring's {@code WebSocketMessageBrokerStats} only
 * logs. It sees the messages after the application's own channel interceptors, so a user
 * an interceptor sets on {@code CONNECT} is the one it records.
 * <p>
 * Spring sends a {@code DISCONNECT} message on the inbound channel for every session that
 * ends, whichever way, so a session is forgotten with its first one.
 *
 * @author Lifeline contributors
 */
public final class StompSessionTracker {

	private final Map<String, Tracked> sessions = new ConcurrentHashMap<>();

	private final AtomicInteger subscriptions = new AtomicInteger();

	private final LongAdder connect = new LongAdder();

	private final LongAdder connected = new LongAdder();

	private final LongAdder disconnect = new LongAdder();

	private final ChannelInterceptor inbound = new ChannelInterceptor() {

		@Override
		public Message<?> preSend(Message<?> message, MessageChannel channel) {
			received(message.getHeaders());
			return message;
		}

	};

	private final ChannelInterceptor outbound = new ChannelInterceptor() {

		@Override
		public Message<?> preSend(Message<?> message, MessageChannel channel) {
			if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.CONNECT_ACK) {
				StompSessionTracker.this.connected.increment();
			}
			return message;
		}

	};

	/**
	 * Return the interceptor of the {@code clientInboundChannel}.
	 * @return the interceptor
	 */
	public ChannelInterceptor inbound() {
		return this.inbound;
	}

	/**
	 * Return the interceptor of the {@code clientOutboundChannel}.
	 * @return the interceptor
	 */
	public ChannelInterceptor outbound() {
		return this.outbound;
	}

	void received(MessageHeaders headers) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(headers);
		String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
		if (type == null || sessionId == null) {
			return;
		}
		switch (type) {
			case CONNECT -> {
				this.connect.increment();
				Principal user = SimpMessageHeaderAccessor.getUser(headers);
				tracked(sessionId).user = (user != null) ? user.getName() : null;
			}
			case SUBSCRIBE -> {
				String subscription = SimpMessageHeaderAccessor.getSubscriptionId(headers);
				if (subscription != null && tracked(sessionId).subscriptions.add(subscription)) {
					this.subscriptions.incrementAndGet();
				}
			}
			case UNSUBSCRIBE -> {
				Tracked tracked = this.sessions.get(sessionId);
				String subscription = SimpMessageHeaderAccessor.getSubscriptionId(headers);
				if (tracked != null && subscription != null && tracked.subscriptions.remove(subscription)) {
					this.subscriptions.decrementAndGet();
				}
			}
			case DISCONNECT -> {
				Tracked tracked = this.sessions.remove(sessionId);
				if (tracked != null) {
					this.disconnect.increment();
					this.subscriptions.addAndGet(-tracked.subscriptions.size());
				}
			}
			default -> {
			}
		}
	}

	private Tracked tracked(String sessionId) {
		return this.sessions.computeIfAbsent(sessionId, (id) -> new Tracked());
	}

	/**
	 * Return the user a session connected as.
	 * @param sessionId the session's id
	 * @return the user's name, or {@code null} if none or the session is unknown
	 */
	public @Nullable String getUser(String sessionId) {
		Tracked tracked = this.sessions.get(sessionId);
		return (tracked != null) ? tracked.user : null;
	}

	/**
	 * Return the number of a session's subscriptions.
	 * @param sessionId the session's id
	 * @return the number of subscriptions, {@code 0} if the session is unknown
	 */
	public int getSubscriptionCount(String sessionId) {
		Tracked tracked = this.sessions.get(sessionId);
		return (tracked != null) ? tracked.subscriptions.size() : 0;
	}

	/**
	 * Return whether a session sent {@code CONNECT} and has not ended.
	 * @param sessionId the session's id
	 * @return whether the session is known
	 */
	public boolean isConnected(String sessionId) {
		return this.sessions.containsKey(sessionId);
	}

	/**
	 * Return the number of subscriptions of all sessions.
	 * @return the number of subscriptions
	 */
	public int getSubscriptionCount() {
		return this.subscriptions.get();
	}

	/**
	 * Return the number of STOMP sessions, those that sent a frame and did not end.
	 * @return the number of sessions
	 */
	public int getSessionCount() {
		return this.sessions.size();
	}

	/**
	 * Return the number of frames of one command seen so far.
	 * @param command {@code CONNECT}, {@code CONNECTED} or {@code DISCONNECT} (sessions
	 * that ended, whether the client sent the frame or not)
	 * @return the number of frames
	 */
	public long getFrameCount(String command) {
		return switch (command) {
			case "CONNECT" -> this.connect.sum();
			case "CONNECTED" -> this.connected.sum();
			case "DISCONNECT" -> this.disconnect.sum();
			default -> 0;
		};
	}

	private static final class Tracked {

		private volatile @Nullable String user;

		private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

	}

}
