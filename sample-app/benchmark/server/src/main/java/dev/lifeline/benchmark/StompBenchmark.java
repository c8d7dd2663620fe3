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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The STOMP scenario's application, with {@code benchmark.stomp=true}: Spring's simple
 * broker on {@code /topic}, its endpoint at {@code /stomp}, configured as Spring's
 * getting-started guide does, with nothing of Lifeline's. Clients send to
 * {@code /topic/bench} and the broker delivers to every subscriber. With the Lifeline
 * starter on the classpath its sessions are Lifeline sessions unless
 * {@code lifeline.stomp.enabled=false}.
 *
 * @author Lifeline contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "benchmark.stomp", havingValue = "true")
@EnableWebSocketMessageBroker
class StompBenchmark implements WebSocketMessageBrokerConfigurer {

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.enableSimpleBroker("/topic");
		registry.setApplicationDestinationPrefixes("/app");
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/stomp");
	}

	/**
	 * The STOMP sessions as Spring's events tell them: how many are connected, and when
	 * each that ended did (milliseconds since the epoch, to compare with the clients').
	 */
	@RestController
	@ConditionalOnProperty(name = "benchmark.stomp", havingValue = "true")
	static class StompStats {

		private final AtomicInteger connected = new AtomicInteger();

		private final List<Long> disconnects = new CopyOnWriteArrayList<>();

		@EventListener
		void connected(SessionConnectedEvent event) {
			this.connected.incrementAndGet();
		}

		@EventListener
		void disconnected(SessionDisconnectEvent event) {
			this.disconnects.add(System.currentTimeMillis());
		}

		@GetMapping("/stats/stomp")
		Map<String, Object> stats() {
			return Map.of("open", this.connected.get() - this.disconnects.size(), "disconnects",
					List.copyOf(this.disconnects));
		}

	}

}
