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

package dev.lifeline.benchmark;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.lifeline.server.WebSocketSessionDetachedEvent;
import dev.lifeline.server.WebSocketSessionResumedEvent;
import dev.lifeline.server.WebSocketSessions;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.TextMessage;

/**
 * The resume scenario's controls, with Lifeline: broadcasts numbered messages (while the
 * clients' proxy is down, they are kept for the detached sessions and replayed when they
 * resume), and counts detaches, resumes and the messages replayed.
 *
 * @author Lifeline contributors
 */
@RestController
@ConditionalOnProperty(name = "benchmark.mode", havingValue = "lifeline")
class ResumeBenchmark {

	private final WebSocketSessions sessions;

	private final AtomicInteger next = new AtomicInteger();

	private final AtomicInteger detached = new AtomicInteger();

	private final AtomicInteger resumed = new AtomicInteger();

	private final AtomicLong replayed = new AtomicLong();

	private final AtomicLong lastResumedAt = new AtomicLong();

	ResumeBenchmark(WebSocketSessions sessions) {
		this.sessions = sessions;
	}

	@EventListener
	void detached(WebSocketSessionDetachedEvent event) {
		this.detached.incrementAndGet();
	}

	@EventListener
	void resumed(WebSocketSessionResumedEvent event) {
		this.resumed.incrementAndGet();
		this.replayed.addAndGet(event.getReplayed());
		this.lastResumedAt.accumulateAndGet(System.currentTimeMillis(), Math::max);
	}

	/**
	 * Broadcast {@code count} messages {@code replay:<i>}, numbered on from the last.
	 * @param count how many
	 * @return the sessions each reached
	 */
	@GetMapping("/replay")
	Map<String, Object> replay(@RequestParam int count) {
		int sent = 0;
		for (int i = 0; i < count; i++) {
			sent = this.sessions.broadcast(new TextMessage("replay:" + this.next.getAndIncrement())).total();
		}
		return Map.of("sent", sent);
	}

	@GetMapping("/stats/resume")
	Map<String, Object> stats() {
		return Map.of("sessions", this.sessions.count(), "detached", this.detached.get(), "resumed", this.resumed.get(),
				"replayed", this.replayed.get(), "lastResumedAt", this.lastResumedAt.get());
	}

}
