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
import java.math.BigDecimal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * The inbound limits of one endpoint's sessions, applied to each message or part as it
 * arrives: the message sizes, the per-session rate limit and the budget of bytes held in
 * partial messages across sessions. Parts are joined here for a handler that does not
 * support partial messages; for one that does, they are only counted. A session that
 * passes a limit is closed.
 *
 * @author Lifeline contributors
 */
final class InboundLimits {

	/**
	 * The handler's category, where these closes have always been logged.
	 */
	private static final Log logger = LogFactory.getLog(LifelineWebSocketHandler.class);

	private final Closing closing;

	private final SessionCounters statistics;

	private final long maxTextMessageSize;

	private final long maxBinaryMessageSize;

	private final boolean delegateSupportsPartialMessages;

	private @Nullable InboundBudget inboundBudget;

	private double messagesPerSecond;

	private int burst;

	InboundLimits(Closing closing, SessionCounters statistics, long maxTextMessageSize, long maxBinaryMessageSize,
			boolean delegateSupportsPartialMessages) {
		this.closing = closing;
		this.statistics = statistics;
		this.maxTextMessageSize = maxTextMessageSize;
		this.maxBinaryMessageSize = maxBinaryMessageSize;
		this.delegateSupportsPartialMessages = delegateSupportsPartialMessages;
	}

	long maxTextMessageSize() {
		return this.maxTextMessageSize;
	}

	long maxBinaryMessageSize() {
		return this.maxBinaryMessageSize;
	}

	void setInboundBudget(@Nullable InboundBudget inboundBudget) {
		this.inboundBudget = inboundBudget;
	}

	void setRateLimit(double messagesPerSecond, int burst) {
		this.messagesPerSecond = messagesPerSecond;
		this.burst = burst;
	}

	/**
	 * Return a new rate limit for a session, full.
	 * @param now the current {@link System#nanoTime()}
	 * @return the rate limit, or {@code null} when messages are not limited
	 */
	@Nullable RateLimit newRateLimit(long now) {
		return (this.messagesPerSecond > 0) ? new RateLimit(this.messagesPerSecond, this.burst, now) : null;
	}

	/**
	 * Apply the limits to a message or part, and join parts if the handler needs whole
	 * messages.
	 * @param session the session it arrived on
	 * @param part the message or part
	 * @param now the current {@link System#nanoTime()}
	 * @return what to hand to the handler, or {@code null} for nothing yet or nothing at
	 * all
	 */
	@Nullable WebSocketMessage<?> assemble(SessionHolder session, WebSocketMessage<?> part, long now) {
		boolean text = part instanceof TextMessage;
		long partSize = text ? Utf8.length(((TextMessage) part).getPayload()) : part.getPayloadLength();
		MessageAssembler assembler = session.assembler;
		long total = partSize + ((assembler != null) ? assembler.size() : 0);
		session.session().traffic().recordInbound(now, partSize, part.isLast());
		if (assembler == null && session.rateLimit != null && !session.rateLimit.tryAcquire(now)) {
			refuse(session,
					CloseStatus.POLICY_VIOLATION.withReason("Rate limit exceeded: more than "
							+ BigDecimal.valueOf(this.messagesPerSecond).stripTrailingZeros().toPlainString()
							+ " messages per second, bursts of " + this.burst),
					CloseCause.RATE_LIMITED);
			return null;
		}
		long limit = text ? this.maxTextMessageSize : this.maxBinaryMessageSize;
		if (total > limit) {
			session.discardAssembler();
			String reason = (text ? "Text" : "Binary") + " message too big: more than " + limit + " bytes";
			if (logger.isDebugEnabled()) {
				logger.debug("Closing WebSocket session " + session.id() + ": " + reason);
			}
			this.closing.close(session, CloseStatus.TOO_BIG_TO_PROCESS.withReason(reason), CloseCause.TOO_BIG);
			return null;
		}
		if (part.isLast()) {
			this.statistics.received(text);
		}
		if (this.delegateSupportsPartialMessages) {
			if (part.isLast()) {
				session.assembler = null;
			}
			else {
				if (assembler == null) {
					assembler = MessageAssembler.counting(part);
					session.assembler = assembler;
				}
				assembler.append(part, partSize);
			}
			return part;
		}
		if (assembler == null) {
			if (part.isLast()) {
				return part;
			}
			assembler = MessageAssembler.joining(part, limit, this.inboundBudget);
			session.assembler = assembler;
		}
		boolean kept = assembler.append(part, partSize);
		if (session.isFinished()) {
			// Closed meanwhile from another thread, which may have missed this part.
			session.discardAssembler();
			return null;
		}
		if (!kept) {
			refuse(session,
					CloseStatus.SERVICE_OVERLOAD
						.withReason("Server overloaded: partial messages of all sessions reached their budget"),
					CloseCause.OVERLOADED);
			return null;
		}
		if (!part.isLast()) {
			return null;
		}
		session.assembler = null;
		return assembler.toMessage();
	}

	/**
	 * Close a session that passed a limit meant to protect the server; its later messages
	 * are dropped unread. The close itself is the one WARN line, logged with every
	 * abnormal close.
	 */
	private void refuse(SessionHolder session, CloseStatus status, CloseCause cause) {
		session.refused = true;
		session.discardAssembler();
		if (logger.isDebugEnabled()) {
			logger.debug("Closing WebSocket session " + session.id() + ": " + status.getReason());
		}
		this.closing.close(session, status, cause);
	}

}
