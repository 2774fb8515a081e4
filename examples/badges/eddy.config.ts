import { defineConfig } from 'eddy';

const environment = {
  PLAYS_TABLE: 'plays',
  ACHIEVEMENTS_TABLE: 'achievements',
  // Small Query pages, so the history reader's pagination loop runs even for a 100-play player.
  // Leave it out to let DynamoDB fill 1 MB pages.
  PLAYS_PAGE_SIZE: '40',
};

export default defineConfig({
  tables: {
    // One item per play: playedAt is an ISO-8601 UTC time (plus a suffix), so a Query returns a player's plays in time order.
    plays: { partitionKey: { name: 'playerId', type: 'S' }, sortKey: { name: 'playedAt', type: 'S' }, stream: 'NEW_IMAGE' },
    achievements: { partitionKey: { name: 'playerId', type: 'S' }, sortKey: { name: 'badge', type: 'S' } },
  },
  functions: {
    awardBadges: {
      handler: 'src/award-badges.ts#handler',
      timeout: 30,
      environment,
      events: [
        {
          stream: {
            table: 'plays',
            startingPosition: 'TRIM_HORIZON',
            batchSize: 100,
            // Only new plays matter; an edited or deleted play changes no badge.
            filterPatterns: [{ eventName: ['INSERT'] }],
          },
        },
      ],
    },
    recordPlay: { handler: 'src/player-routes.ts#recordPlay', environment, events: [{ http: 'POST /players/{playerId}/plays' }] },
    listAchievements: { handler: 'src/player-routes.ts#listAchievements', environment, events: [{ http: 'GET /players/{playerId}/achievements' }] },
  },
});
