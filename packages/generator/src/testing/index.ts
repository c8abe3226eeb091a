export {
  errorReply,
  type FakeOpenAIServer,
  type FakeReply,
  type FakeScript,
  imageReply,
  type RecordedFile,
  type RecordedRequest,
  startFakeOpenAI,
} from './fake-openai-server.js';
export { solidPng, tileFixture } from './fixtures.js';
