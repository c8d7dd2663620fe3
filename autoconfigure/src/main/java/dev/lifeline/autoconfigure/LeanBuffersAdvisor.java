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

package dev.lifeline.autoconfigure;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.WebSocketSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells the operator once, at INFO, that {@code lifeline.container.lean-buffers} would
 * save memory when a server on Tomcat's connection buffers holds many sessions.
 * <p>
 * The lean buffers change settings shared with the rest of the process, so they are not
 * the default; below a few thousand sessions what they save hardly matters, above it the
 * saving is worth knowing about.
 *
 * @author Lifeline contributors
 */
class LeanBuffersAdvisor implements SessionLifecycleListener {

	private static final Log logger = LogFactory.getLog(LeanBuffersAdvisor.class);

	/**
	 * Open sessions above which the advice is logged.
	 */
	static final int SESSION_THRESHOLD = 5000;

	/**
	 * Heap an idle session saves with the lean buffers, in KB, measured at 15,000
	 * sessions on Tomcat (docs/benchmarks.md: 52.9 KB with Tomcat's 8 KB connection
	 * buffers, 22.6 KB with the lean buffers).
	 */
	static final int SAVING_PER_SESSION_KB = 30;

	private final WebSocketSessions sessions;

	private final int threshold;

	private final AtomicBoolean logged = new AtomicBoolean();

	LeanBuffersAdvisor(WebSocketSessions sessions) {
		this(sessions, SESSION_THRESHOLD);
	}

	LeanBuffersAdvisor(WebSocketSessions sessions, int threshold) {
		this.sessions = sessions;
		this.threshold = threshold;
	}

	@Override
	public void sessionOpened(LifelineSession session) {
		if (this.logged.get()) {
			return;
		}
		int count = this.sessions.count();
		if (count > this.threshold && this.logged.compareAndSet(false, true) && logger.isInfoEnabled()) {
			logger.info(message(count));
		}
	}

	static String message(int count) {
		return count + " WebSocket sessions are open on Tomcat's 8 KB connection buffers: "
				+ "lifeline.container.lean-buffers=true would save about " + SAVING_PER_SESSION_KB
				+ " KB of heap per idle session (" + (count * SAVING_PER_SESSION_KB / 1024) + " MB at this count). "
				+ "It lowers the JVM-wide Tomcat WebSocket buffer size and the socket buffers of every connection, "
				+ "HTTP included, and costs some throughput on messages larger than 2 KB.";
	}

}
