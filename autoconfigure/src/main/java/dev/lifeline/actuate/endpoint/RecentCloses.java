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

package dev.lifeline.actuate.endpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.lifeline.server.LifelineSession;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.SessionLifecycleListener;

import org.springframework.util.Assert;

/**
 * Remembers the last abnormal closes of managed sessions, newest first, so that the
 * {@link WebSocketEndpoint} can answer "why did my client drop" after the fact.
 * <p>
 * Normal closes ({@link dev.lifeline.server.CloseCause#isNormal()}) are not recorded:
 * they would push the interesting ones out of a bounded buffer.
 *
 * @author Lifeline contributors
 */
public class RecentCloses implements SessionLifecycleListener {

	private final int capacity;

	private final Deque<SessionClosure> closures;

	/**
	 * Create a new instance.
	 * @param capacity the number of closes to remember, zero to remember none
	 */
	public RecentCloses(int capacity) {
		Assert.isTrue(capacity >= 0, "'capacity' must not be negative");
		this.capacity = capacity;
		this.closures = new ArrayDeque<>(Math.min(capacity, 1024));
	}

	@Override
	public void sessionClosed(LifelineSession session, SessionClosure closed) {
		if (!closed.cause().isNormal()) {
			add(closed);
		}
	}

	/**
	 * Record a close, evicting the oldest one when the buffer is full.
	 * @param closure the close
	 */
	public void add(SessionClosure closure) {
		if (this.capacity == 0) {
			return;
		}
		synchronized (this.closures) {
			if (this.closures.size() == this.capacity) {
				this.closures.removeLast();
			}
			this.closures.addFirst(closure);
		}
	}

	/**
	 * Return the recorded closes, newest first.
	 * @return a copy of the recorded closes
	 */
	public List<SessionClosure> get() {
		synchronized (this.closures) {
			return new ArrayList<>(this.closures);
		}
	}

	/**
	 * Return how many closes are remembered at most.
	 * @return the capacity
	 */
	public int getCapacity() {
		return this.capacity;
	}

}
