// @vitest-environment happy-dom
// The settings view wired to the real background (handler and service) over a storage area that is full:
// a change that was not stored says so as an alert, and the control shows what is stored.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { PopupApi } from '../../../../components/popup/api';
import { SettingsView } from '../../../../components/popup/SettingsView';
import { createBackground } from '../../../../utils/background/service';
import { ask } from '../../../../utils/contract/messages';
import { parseLookupInput } from '../../../../utils/page/lookup-input';
import { quotaArea } from '../../../support/quota-area';

afterEach(cleanup);

const EXTENSION_ID = 'pypitrustpanelextensionid';
const POPUP = { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}/popup.html` };

function popupOver(storage: ReturnType<typeof quotaArea>): PopupApi {
  const background = createBackground({ storage, extensionId: EXTENSION_ID });
  return {
    ask: ((message: Parameters<PopupApi['ask']>[0]) => ask((m) => background.handle(m, POPUP), message)) as PopupApi['ask'],
    activeTabId: async () => null,
    storage: { get: async () => undefined, set: async () => undefined },
    copy: async () => true,
    ruleUrl: (id) => `chrome-extension://test/rules.html#${id}`,
    parseLookupInput,
  };
}

describe('settings view', () => {
  it('says a change was not saved when storage refused it, and shows the stored value again', async () => {
    const storage = quotaArea(3 * 1024 * 1024);
    storage.data['ownership-memory'] = { filler: 'x'.repeat(3 * 1024 * 1024 - 40) };
    render(<SettingsView api={popupOver(storage)} />);
    const osv = (await screen.findByLabelText(/^OSV/)) as HTMLInputElement;
    expect(osv.checked).toBe(true);
    fireEvent.click(osv);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Not saved: the browser's storage refused the change \(QUOTA_BYTES quota exceeded\)/);
    await waitFor(() => expect(osv.checked).toBe(true));
    expect(screen.getByTestId('settings-status').textContent).toBe('');
  });

  it('says a change was saved when it was', async () => {
    const storage = quotaArea(3 * 1024 * 1024);
    render(<SettingsView api={popupOver(storage)} />);
    const osv = (await screen.findByLabelText(/^OSV/)) as HTMLInputElement;
    fireEvent.click(osv);
    await waitFor(() => expect(screen.getByTestId('settings-status').textContent).toBe('OSV turned off.'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(osv.checked).toBe(false);
  });
});
