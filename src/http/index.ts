/** The http context owns the application port: API Gateway-style routes that invoke functions. */
export { AppServer, type AppServerOptions } from './app-server.js';
export { RouteTable, type MatchedRoute } from './route-table.js';
