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

import dev.lifeline.server.adapter.EncodedText;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * What a {@link DefaultLifelineSession}'s outbox reports goes to the session's traffic,
 * its endpoint's statistics, and, for a failed write, the session's owner.
 *
 * @author Lifeline contributors
 */
final class SessionOutboxOwner implements OutboxOwner {

	private final DefaultLifelineSession session;

	private final SessionOwner control;

	/**
	 * Create the owner of a session's outbox. Made while the session is constructed: the
	 * session is read only when the outbox reports.
	 * @param session the session
	 * @param control what the session reports to
	 */
	SessionOutboxOwner(DefaultLifelineSession session, SessionOwner control) {
		this.session = session;
		this.control = control;
	}

	@Override
	public void queued(long bytes) {
		this.session.endpoint().getStatistics().queued(bytes);
	}

	@Override
	public void writing(boolean writing) {
		this.session.endpoint().getStatistics().writing(writing);
	}

	@Override
	public void written(WebSocketMessage<?> message, long size) {
		boolean text = EncodedText.isText(message);
		if (text || message instanceof BinaryMessage) {
			this.session.traffic().sent(size);
			this.session.endpoint().getStatistics().sent(text);
		}
	}

	@Override
	public void dropped(int messages) {
		this.session.traffic().dropped(messages);
		this.session.endpoint().getStatistics().dropped(messages);
	}

	@Override
	public void failed(Throwable failure) {
		this.control.writeFailed(this.session, failure);
	}

}
