import { describe, expect, it } from 'vitest';
import { authorize, rolesOf, type WorkflowParties } from '../../../src/domain/authorization';

const directory = { helpdesk: ['UHELP', 'UHELP2'] };
const replacement: WorkflowParties = { kind: 'replacement', requester: 'UREQ', subject: 'USUBJ', deciders: ['UBOSS', 'UHELP'] };
const offboarding: WorkflowParties = { ...replacement, kind: 'offboarding', requester: 'UHELP', deciders: ['UBOSS', 'UHELP'] };

describe('rolesOf', () => {
  it('reads every role from the stored workflow, and bystander only when there is none', () => {
    expect([...rolesOf('UREQ', directory, replacement)]).toEqual(['requester']);
    expect([...rolesOf('UHELP', directory, offboarding)].sort()).toEqual(['approver', 'helpdesk', 'requester']);
    expect([...rolesOf('UOTHER', directory, replacement)]).toEqual(['bystander']);
    expect([...rolesOf('UHELP2', directory)]).toEqual(['helpdesk']);
  });
});

describe('authorize', () => {
  it('never lets the requester or the subject approve, even when listed as a decider and in the helpdesk', () => {
    expect(authorize('decision.approve', rolesOf('UHELP', directory, offboarding))).toEqual({ allowed: false, why: 'own_workflow' });
    const subjectListed = { ...replacement, deciders: ['USUBJ'] };
    expect(authorize('decision.approve', rolesOf('USUBJ', directory, subjectListed))).toEqual({ allowed: false, why: 'own_workflow' });
    expect(authorize('decision.approve', rolesOf('UBOSS', directory, replacement))).toEqual({ allowed: true });
    expect(authorize('decision.approve', rolesOf('UHELP2', directory, replacement))).toEqual({ allowed: false, why: 'role' });
  });

  it('never skips a decision step', () => {
    const helpdesk = rolesOf('UHELP2', directory, replacement);
    expect(authorize('step.skip', helpdesk, { decisionStep: true })).toEqual({ allowed: false, why: 'decision_step' });
    expect(authorize('step.skip', helpdesk, { decisionStep: false })).toEqual({ allowed: true });
  });

  it('lets the requester cancel a replacement, not an offboarding, and nobody after a destructive step started', () => {
    const requester = rolesOf('UREQ', directory, replacement);
    expect(authorize('workflow.cancel', requester, { kind: 'replacement' })).toEqual({ allowed: true });
    expect(authorize('workflow.cancel', requester, { kind: 'offboarding' })).toEqual({ allowed: false, why: 'role' });
    expect(authorize('workflow.cancel', rolesOf('UHELP2', directory, replacement), { kind: 'replacement', destructiveStarted: true })).toEqual({
      allowed: false,
      why: 'destructive_started',
    });
  });

  it("keeps lookup, sync and other people's devices to the helpdesk", () => {
    for (const p of ['lookup', 'sync', 'device.pick.others', 'replacement.start.other', 'offboarding.start'] as const) {
      expect(authorize(p, rolesOf('UOTHER', directory)).allowed).toBe(false);
      expect(authorize(p, rolesOf('UHELP', directory)).allowed).toBe(true);
    }
    expect(authorize('replacement.start.self', rolesOf('UOTHER', directory)).allowed).toBe(true);
  });
});
