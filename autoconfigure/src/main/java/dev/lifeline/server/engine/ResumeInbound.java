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

import dev.lifeline.server.CloseCause;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Reads what the current connection of a resumable session sends ({@code docs/resume.md},
 * sections 2 to 4 and 6): control messages are answered here, application texts lose
 * their tag, and what the application processed is counted and acknowledged by messages,
 * bytes and time. Called on the connection's reading thread with
 * {@link ResumeState#inbound()} held; the acknowledgements due by time go out on the
 * resume thread.
 *
 * @author Lifeline contributors
 */
final class ResumeInbound {

	private static final Log logger = LogFactory.getLog(ResumeInbound.class);

	private static final int MAX_CONTROL_LENGTH = 8192;

	private final SessionRegistry registry;

	private final ResumeSettings settings;

	private final ScheduledExecutorService scheduler;

	ResumeInbound(SessionRegistry registry, ResumeSettings settings, ScheduledExecutorService scheduler) {
		this.registry = registry;
		this.settings = settings;
		this.scheduler = scheduler;
	}

	/**
	 * A message from the current connection of a resumable session, with
	 * {@link ResumeState#inbound()} held: a control message is handled here, an
	 * application text loses its tag.
	 * @return the application's message or part, or {@code null} for none
	 */
	@Nullable WebSocketMessage<?> receive(SessionHolder holder, ResumeState state, WebSocketMessage<?> message) {
		if (message instanceof BinaryMessage) {
			if (state.tag != 0) {
				protocolError(holder, "binary frame inside a text message");
				return null;
			}
			return message;
		}
		if (!(message instanceof TextMessage text)) {
			return message;
		}
		String payload = text.getPayload();
		if (state.tag == 0) {
			if (payload.isEmpty()) {
				if (text.isLast()) {
					protocolError(holder, "empty text frame");
				}
				return null;
			}
			char tag = payload.charAt(0);
			if (tag == ResumeFrames.APPLICATION) {
				state.tag = text.isLast() ? 0 : tag;
				return new TextMessage(payload.substring(1), text.isLast());
			}
			if (tag != ResumeFrames.CONTROL) {
				protocolError(holder, "unknown tag");
				return null;
			}
			if (text.isLast()) {
				control(holder, state, payload.substring(1));
			}
			else {
				state.tag = tag;
				state.control = new StringBuilder(payload.substring(1));
			}
			return null;
		}
		if (state.tag == ResumeFrames.APPLICATION) {
			if (text.isLast()) {
				state.tag = 0;
			}
			return text;
		}
		StringBuilder control = state.control;
		if (control == null || control.length() + payload.length() > MAX_CONTROL_LENGTH) {
			protocolError(holder, "control message too long");
			return null;
		}
		control.append(payload);
		if (text.isLast()) {
			state.tag = 0;
			state.control = null;
			control(holder, state, control.toString());
		}
		return null;
	}

	private void control(SessionHolder holder, ResumeState state, String json) {
		Map<String, @Nullable Object> control;
		try {
			control = ResumeFrames.parseControl(json);
			switch ((String) control.get("type")) {
				case "ack" -> state.acknowledge(ResumeFrames.number(control, "n"));
				case "ping" -> state.control(holder.session().outbox(),
						ResumeFrames.control(ResumeFrames.members("pong", null, null)));
				case ResumeHandshake.HELLO, ResumeHandshake.RESUME ->
					protocolError(holder, "hello or resume on an open session");
				default -> {
					// Unknown types are ignored, so that later versions can add messages.
				}
			}
		}
		catch (IllegalArgumentException ex) {
			protocolError(holder, ex.getMessage());
		}
	}

	private void protocolError(SessionHolder holder, @Nullable String reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing WebSocket session " + holder.id() + ": protocol error: " + reason);
		}
		this.registry.closing()
			.close(holder, CloseStatus.PROTOCOL_ERROR.withReason("Protocol error"), CloseCause.PROTOCOL_ERROR);
	}

	/**
	 * The application processed (part of) a message of the peer: acknowledge when enough
	 * messages or bytes are unacknowledged, or schedule the acknowledgement that is due
	 * by time. Called with {@link ResumeState#inbound()} held.
	 */
	void processed(SessionHolder holder, ResumeState state, long bytes, boolean last) {
		state.unackedBytes += bytes;
		if (!last) {
			return;
		}
		state.processed++;
		state.unackedMessages++;
		if (state.unackedMessages >= this.settings.ackMessages() || state.unackedBytes >= this.settings.ackBytes()) {
			acknowledge(holder, state);
		}
		else if (!state.ackScheduled) {
			state.ackScheduled = true;
			this.scheduler.schedule(() -> {
				state.ackScheduled = false;
				if (state.unackedMessages > 0) {
					acknowledge(holder, state);
				}
			}, this.settings.ackInterval().toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void acknowledge(SessionHolder holder, ResumeState state) {
		long processed = state.processed;
		state.unackedMessages = 0;
		state.unackedBytes = 0;
		state.control(holder.session().outbox(), ResumeFrames.control(ResumeFrames.members("ack", "n", processed)));
	}

}
