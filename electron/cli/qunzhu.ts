import { cliMain } from './main';

void cliMain();
