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

package dev.lifeline.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lifeline.server.WebSocketSessionClosedEvent;
import dev.lifeline.server.WebSocketSessionOpenedEvent;

import org.springframework.context.event.EventListener;

/**
 * Records Lifeline's session events. Add it to a test with
 * {@code @Import(SessionEventRecorder.class)}.
 */
public class SessionEventRecorder {

	private final List<WebSocketSessionOpenedEvent> opened = new CopyOnWriteArrayList<>();

	private final List<WebSocketSessionClosedEvent> closed = new CopyOnWriteArrayList<>();

	@EventListener
	void onOpened(WebSocketSessionOpenedEvent event) {
		this.opened.add(event);
	}

	@EventListener
	void onClosed(WebSocketSessionClosedEvent event) {
		this.closed.add(event);
	}

	public List<WebSocketSessionOpenedEvent> opened() {
		return this.opened;
	}

	public List<WebSocketSessionClosedEvent> closed() {
		return this.closed;
	}

	public WebSocketSessionClosedEvent closedEvent(String sessionId) {
		return this.closed.stream()
			.filter((event) -> event.getSession().getId().equals(sessionId))
			.findFirst()
			.orElse(null);
	}

}
