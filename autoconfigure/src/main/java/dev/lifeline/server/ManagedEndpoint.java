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

package dev.lifeline.server;

import org.jspecify.annotations.Nullable;

/**
 * One managed endpoint: a handler Lifeline maps on its own upgrade path, with the
 * settings its sessions are created with and counters of its own.
 *
 * @author Lifeline contributors
 */
public interface ManagedEndpoint {

	/**
	 * Return the endpoint's name, the bean name of its handler.
	 * @return the name
	 */
	String getName();

	/**
	 * Return the path the endpoint accepts upgrades at.
	 * @return the path, or {@code null} when the endpoint is not mapped by Lifeline
	 */
	@Nullable String getPath();

	/**
	 * Return the settings the endpoint's sessions are created with.
	 * @return the settings
	 */
	SessionSettings getSettings();

	/**
	 * Return the counters of this endpoint alone; the registry's
	 * {@link WebSocketSessions#getStatistics() statistics} add up every endpoint's.
	 * @return the statistics
	 */
	SessionStatistics getStatistics();

	/**
	 * Return the number of open sessions of this endpoint.
	 * @return the session count
	 */
	int count();

}
