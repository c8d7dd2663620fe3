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

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.lifeline.server.ManagedEndpoint;
import dev.lifeline.server.SessionSettings;
import org.jspecify.annotations.Nullable;

/**
 * The managed endpoints of a registry, by name, and the one sessions opened without an
 * endpoint belong to.
 *
 * @author Lifeline contributors
 */
final class Endpoints {

	private static final String DEFAULT_ENDPOINT = "default";

	private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

	private final SessionSettings settings;

	private final SessionCounters total;

	private volatile @Nullable Endpoint defaultEndpoint;

	Endpoints(SessionSettings settings, SessionCounters total) {
		this.settings = settings;
		this.total = total;
	}

	Endpoint add(String name, @Nullable String path, SessionSettings settings) {
		Endpoint endpoint = new Endpoint(name, path, settings, this.total);
		if (this.endpoints.putIfAbsent(name, endpoint) != null) {
			throw new IllegalStateException("Managed endpoint '" + name + "' already exists");
		}
		return endpoint;
	}

	@Nullable Endpoint get(String name) {
		return this.endpoints.get(name);
	}

	/**
	 * Return the endpoints, ordered by name; without any added, the default one.
	 */
	List<ManagedEndpoint> list() {
		if (this.endpoints.isEmpty()) {
			return List.of(defaultEndpoint());
		}
		return this.endpoints.values()
			.stream()
			.sorted(Comparator.comparing(ManagedEndpoint::getName))
			.map(ManagedEndpoint.class::cast)
			.toList();
	}

	/**
	 * Return the endpoint of sessions opened without one: the only endpoint, or one named
	 * {@code default} with the registry's settings.
	 */
	Endpoint defaultEndpoint() {
		Endpoint endpoint = this.defaultEndpoint;
		if (endpoint == null) {
			synchronized (this.endpoints) {
				endpoint = this.defaultEndpoint;
				if (endpoint == null) {
					endpoint = (this.endpoints.size() == 1) ? this.endpoints.values().iterator().next()
							: this.endpoints.computeIfAbsent(DEFAULT_ENDPOINT,
									(name) -> new Endpoint(name, null, this.settings, this.total));
					this.defaultEndpoint = endpoint;
				}
			}
		}
		return endpoint;
	}

	/**
	 * Return this registry's own endpoint for one an application holds.
	 */
	Endpoint resolve(ManagedEndpoint endpoint) {
		Endpoint registered = this.endpoints.get(endpoint.getName());
		if (registered == null) {
			throw new IllegalArgumentException("No managed endpoint '" + endpoint.getName() + "' in this registry");
		}
		return registered;
	}

}
