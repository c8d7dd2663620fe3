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

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * {@link MeterBinder} for what Spring's {@code WebSocketMessageBrokerStats} only logs:
 * the STOMP frames by command, the STOMP sessions and their subscriptions, the executors
 * of the client channels, and the connection of a broker relay. The WebSocket sessions
 * beneath are counted by Lifeline's own meters, with the STOMP path as endpoint tag.
 *
 * @author Lifeline contributors
 */
public class StompMeterBinder implements MeterBinder {

	private static final List<String> COMMANDS = List.of("CONNECT", "CONNECTED", "DISCONNECT");

	private final StompSessionTracker tracker;

	private final Supplier<Map<String, ThreadPoolTaskExecutor>> channelExecutors;

	private final Supplier<@Nullable StompBrokerRelayMessageHandler> relay;

	/**
	 * Create a new binder.
	 * @param tracker the tracker of STOMP sessions
	 * @param channelExecutors the executors of the client channels by channel
	 * ({@code inbound}, {@code outbound}), looked up when the meters are bound
	 * @param relay the broker relay, or {@code null} for none, looked up when the meters
	 * are bound
	 */
	public StompMeterBinder(StompSessionTracker tracker, Supplier<Map<String, ThreadPoolTaskExecutor>> channelExecutors,
			Supplier<@Nullable StompBrokerRelayMessageHandler> relay) {
		this.tracker = tracker;
		this.channelExecutors = channelExecutors;
		this.relay = relay;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String command : COMMANDS) {
			FunctionCounter.builder("websocket.stomp.frames", this.tracker, (counted) -> counted.getFrameCount(command))
				.description("STOMP frames, by command; DISCONNECT counts every STOMP session that ended")
				.tag("command", command)
				.register(registry);
		}
		Gauge.builder("websocket.stomp.sessions", this.tracker, StompSessionTracker::getSessionCount)
			.description("STOMP sessions connected")
			.register(registry);
		Gauge.builder("websocket.stomp.subscriptions", this.tracker, StompSessionTracker::getSubscriptionCount)
			.description("Subscriptions of the connected STOMP sessions")
			.register(registry);
		this.channelExecutors.get().forEach((channel, executor) -> bindTo(registry, channel, executor));
		StompBrokerRelayMessageHandler relay = this.relay.get();
		if (relay != null) {
			Gauge.builder("websocket.stomp.relay.available", relay, (handler) -> handler.isBrokerAvailable() ? 1 : 0)
				.description("Whether the STOMP broker relay's system connection to the broker is up (1) or not (0)")
				.register(registry);
			Gauge
				.builder("websocket.stomp.relay.connections", relay, StompBrokerRelayMessageHandler::getConnectionCount)
				.description("TCP connections of the STOMP broker relay to the broker, the system connection included")
				.register(registry);
		}
	}

	private void bindTo(MeterRegistry registry, String channel, ThreadPoolTaskExecutor executor) {
		Gauge.builder("websocket.stomp.channel.active", executor, ThreadPoolTaskExecutor::getActiveCount)
			.description("Threads of a STOMP client channel's executor running a task")
			.baseUnit("threads")
			.tag("channel", channel)
			.register(registry);
		Gauge.builder("websocket.stomp.channel.pool.size", executor, ThreadPoolTaskExecutor::getPoolSize)
			.description("Threads of a STOMP client channel's executor")
			.baseUnit("threads")
			.tag("channel", channel)
			.register(registry);
		Gauge.builder("websocket.stomp.channel.queued", executor, ThreadPoolTaskExecutor::getQueueSize)
			.description("Messages waiting in a STOMP client channel's executor queue")
			.baseUnit("tasks")
			.tag("channel", channel)
			.register(registry);
		FunctionCounter
			.builder("websocket.stomp.channel.completed", executor,
					(counted) -> counted.getThreadPoolExecutor().getCompletedTaskCount())
			.description("Messages a STOMP client channel's executor handled")
			.baseUnit("tasks")
			.tag("channel", channel)
			.register(registry);
	}

}
