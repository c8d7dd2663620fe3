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

import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.SessionDrain;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * How long closing an application context took: until Lifeline's registry finished
 * draining, and in all, with the web server's own shutdown after it.
 *
 * @param drain until the registry stopped
 * @param total until the context was closed
 */
public record ShutdownTimes(Duration drain, Duration total) {

	/**
	 * Close the context and time it.
	 * @param context the context to close
	 * @param sessions its registry
	 * @return the times
	 */
	public static ShutdownTimes close(ConfigurableApplicationContext context, WebSocketSessions sessions) {
		SessionDrain drain = context.getBean(SessionDrain.class);
		long start = System.nanoTime();
		CompletableFuture<Duration> drained = CompletableFuture.supplyAsync(() -> {
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5)).until(() -> !drain.isRunning());
			return Duration.ofNanos(System.nanoTime() - start);
		});
		context.close();
		Duration total = Duration.ofNanos(System.nanoTime() - start);
		ShutdownTimes times = new ShutdownTimes(drained.join(), total);
		System.out.printf("Shutdown took %d ms, draining the sessions %d ms%n", total.toMillis(),
				times.drain().toMillis());
		return times;
	}

}
